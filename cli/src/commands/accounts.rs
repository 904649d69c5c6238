//! `appcreds accounts list|remove`.

use anyhow::bail;
use appcreds::AccountError;
use appcreds::store::AccountStatus;

use super::output::{print, print_list};
use crate::cli::AccountsCommand;

pub(crate) async fn run(command: AccountsCommand) -> anyhow::Result<()> {
    match command {
        AccountsCommand::List { json, app } => {
            let app = app.open().await?;
            let items = app.accounts().list().await?;
            print_list(
                json,
                &items,
                "no linked accounts; link one with `appcreds link DOMAIN`",
                |item| {
                    let status = match (item.status, item.expires_at) {
                        (AccountStatus::NeedsReauth, _) => "needs reauth".to_owned(),
                        (AccountStatus::Ok, Some(at)) => format!("valid until {at} (unix time)"),
                        (AccountStatus::Ok, None) => "valid (no expiry given)".to_owned(),
                    };
                    format!(
                        "{}  {}  {}  credential={}  {status}",
                        item.id,
                        item.domain,
                        item.title,
                        item.application_credentials_id.as_deref().unwrap_or("-"),
                    )
                },
            )
        }
        AccountsCommand::Remove { id, json, app } => {
            let app = app.open().await?;
            match app.accounts().remove(&id).await {
                Ok(removed) => print(json, &removed, || {
                    format!(
                        "removed linked account {id}\nrevocation: {}: {}",
                        removed.revocation.status(),
                        removed.revocation.message()
                    )
                }),
                Err(AccountError::NotFound { .. }) => {
                    bail!("no linked account `{id}`; list them with `appcreds accounts list`")
                }
                Err(error) => Err(error.into()),
            }
        }
    }
}
