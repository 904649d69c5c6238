//! `appcreds accounts list|rename|remove`.

use anyhow::bail;
use appcreds::AccountError;
use appcreds::store::AccountStatus;
use appcreds::utc_text;

use super::output::{print, print_list};
use crate::cli::AccountsCommand;

pub(crate) async fn run(command: AccountsCommand) -> anyhow::Result<()> {
    match command {
        AccountsCommand::List { json, app } => {
            let app = app.open_existing().await?;
            let items = app.accounts().list().await?;
            print_list(
                json,
                &items,
                "No linked accounts yet. Link one on the page, or with appcreds link DOMAIN.",
                |item| {
                    let status = match (item.status, item.expires_at) {
                        (AccountStatus::NeedsReauth, _) => "needs reauth".to_owned(),
                        (AccountStatus::Ok, Some(at)) => format!("valid until {}", utc_text(at)),
                        (AccountStatus::Ok, None) => "valid (no expiry given)".to_owned(),
                    };
                    format!(
                        "{}  {}  {:?}  credential={}  {status}",
                        item.id,
                        item.domain,
                        item.title,
                        item.application_credentials_id.as_deref().unwrap_or("-"),
                    )
                },
            )
        }
        AccountsCommand::Rename { id, title, app } => {
            let app = app.open_existing().await?;
            match app.accounts().rename(&id, &title).await {
                Ok(item) => print(false, &(), || {
                    format!("Renamed linked account {id} to {:?}.", item.title)
                }),
                Err(AccountError::NotFound { .. }) => not_found(&id),
                Err(error) => Err(error.into()),
            }
        }
        AccountsCommand::Remove { id, json, app } => {
            let app = app.open_existing().await?;
            match app.accounts().remove(&id).await {
                Ok(removed) => print(json, &removed, || {
                    format!(
                        "removed linked account {id}\nrevocation: {}: {}",
                        removed.revocation.status(),
                        removed.revocation.message()
                    )
                }),
                Err(AccountError::NotFound { .. }) => not_found(&id),
                Err(error) => Err(error.into()),
            }
        }
    }
}

fn not_found(id: &str) -> anyhow::Result<()> {
    bail!(
        "No linked account {id}. List them with appcreds accounts list (with the same --data-dir)."
    )
}
