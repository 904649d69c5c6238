//! `appcreds accounts list|remove`.

use std::io::Write as _;

use anyhow::bail;
use appcreds::{AccountStatus, StoreError};

use super::credentials::print;
use crate::cli::AccountsCommand;

pub(crate) async fn run(command: AccountsCommand) -> anyhow::Result<()> {
    match command {
        AccountsCommand::List { json, app } => {
            let app = app.open().await?;
            let accounts = app.store().accounts(None).await?;
            let credentials = app.credentials().list().await?;
            let items = appcreds::http::api::schema::account_items(&accounts, &credentials);
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &items)?;
                writeln!(out)?;
                return Ok(());
            }
            if items.is_empty() {
                writeln!(
                    out,
                    "no linked accounts; link one with `appcreds link DOMAIN`"
                )?;
            }
            for item in &items {
                let status = match (item.status, item.expires_at) {
                    (AccountStatus::NeedsReauth, _) => "needs reauth".to_owned(),
                    (AccountStatus::Ok, Some(at)) => format!("valid until {at} (unix time)"),
                    (AccountStatus::Ok, None) => "valid (no expiry given)".to_owned(),
                };
                writeln!(
                    out,
                    "{}  {}  {}  credential={}  {status}",
                    item.id,
                    item.domain,
                    item.title,
                    item.application_credentials_id.as_deref().unwrap_or("-"),
                )?;
            }
            Ok(())
        }
        AccountsCommand::Remove { id, app } => {
            let app = app.open().await?;
            match app.store().delete_account(&id).await {
                Ok(()) => print(false, &(), || format!("removed linked account {id}")),
                Err(StoreError::NotFound { .. }) => {
                    bail!("no linked account `{id}`; list them with `appcreds accounts list`")
                }
                Err(error) => Err(error.into()),
            }
        }
    }
}
