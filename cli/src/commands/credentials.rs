//! `appcreds credentials list|add|rename|rotate|remove|import`.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::Path;

use anyhow::{Context as _, bail};
use appcreds::{App, CredentialItem, CredentialUpdate, ImportOutcome, NewCredential};
use secrecy::{ExposeSecret as _, SecretString};

use super::output::{print, print_list};
use crate::cli::{AppArgs, CredentialsCommand};

pub(crate) async fn run(command: CredentialsCommand) -> anyhow::Result<()> {
    match command {
        CredentialsCommand::List { json, app } => list(&app.open_existing().await?, json).await,
        CredentialsCommand::Add {
            domain,
            client_id,
            name,
            json,
            app,
        } => {
            let app = app.open().await?;
            let secret = match app.credentials().secret_optional(&domain).await {
                true => read_optional_secret("client secret")?,
                false => read_secret("client secret")?,
            };
            let credential = app
                .credentials()
                .create(NewCredential {
                    domain,
                    client_id,
                    client_secret: secret,
                    name,
                })
                .await?;
            let item = CredentialItem::new(&credential, Vec::new());
            print(json, &item, || {
                format!(
                    "Added application credential {}.\nRegister this redirect URI at the provider: {}",
                    item.id,
                    app.context().redirect_uri()
                )
            })
        }
        CredentialsCommand::Rename { id, name, app } => {
            let name = name.trim();
            let update = CredentialUpdate {
                name: Some((!name.is_empty()).then(|| name.to_owned())),
                client_secret: None,
            };
            app.open_existing()
                .await?
                .credentials()
                .update(&id, update)
                .await?;
            print(false, &(), || {
                format!("renamed application credential {id}")
            })
        }
        CredentialsCommand::Rotate { id, app } => {
            let app = app.open_existing().await?;
            let secret = read_secret("new client secret")?;
            let update = CredentialUpdate {
                name: None,
                client_secret: Some(secret),
            };
            app.credentials().update(&id, update).await?;
            print(false, &(), || {
                format!("replaced the client secret of application credential {id}")
            })
        }
        CredentialsCommand::Remove { id, app } => {
            app.open_existing().await?.credentials().delete(&id).await?;
            print(false, &(), || {
                format!("deleted application credential {id}")
            })
        }
        CredentialsCommand::Import { file, json, app } => import(&app, &file, json).await,
    }
}

async fn list(app: &App, json: bool) -> anyhow::Result<()> {
    let items = app.credentials().items().await?;
    print_list(
        json,
        &items,
        "No application credentials yet. Add one on the page, or with appcreds credentials add --domain DOMAIN --client-id ID.",
        |item| {
            let used_by: Vec<&str> = item.used_by.iter().map(|a| a.title.as_str()).collect();
            format!(
                "{}  {}  client_id={}  name={}  used_by={}",
                item.id,
                item.domain,
                item.client_id,
                item.name.as_deref().unwrap_or("-"),
                if used_by.is_empty() {
                    "-".to_owned()
                } else {
                    used_by.join(", ")
                }
            )
        },
    )
}

async fn import(args: &AppArgs, file: &Path, json: bool) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!(
            "{}: no such file; give a TOML file with [credentials.<domain>] client_id and client_secret",
            file.display()
        );
    }
    let app = args.open().await?;
    let outcomes = app
        .credentials()
        .import_config_file(file)
        .await
        .with_context(|| format!("importing {}", file.display()))?;
    let report: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|outcome| {
            let (status, credential) = match outcome {
                ImportOutcome::Created(c) => ("imported", c),
                ImportOutcome::AlreadyPresent(c) => ("existing", c),
            };
            serde_json::json!({"status": status, "credential": CredentialItem::new(credential, Vec::new())})
        })
        .collect();
    print(json, &report, || {
        outcomes
            .iter()
            .map(|o| match o {
                ImportOutcome::Created(c) => format!("imported {}", c.id),
                ImportOutcome::AlreadyPresent(c) => format!("kept existing {}", c.id),
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Reads a secret: the first line of standard input (prompting on a terminal). Never an argument,
/// which other users could see in the process list.
fn read_secret(what: &str) -> anyhow::Result<SecretString> {
    let secret = read_line_secret(what)?;
    if secret.expose_secret().trim().is_empty() {
        bail!(
            "no {what} given: pipe it on standard input, e.g. `printf '%s' \"$SECRET\" | appcreds credentials ...`"
        );
    }
    Ok(secret)
}

/// Reads a secret that may be empty (a public client's).
fn read_optional_secret(what: &str) -> anyhow::Result<SecretString> {
    read_line_secret(&format!("{what} (empty for this public client)"))
}

/// The first line of standard input, if any (prompting with `prompt` on a terminal).
fn read_line_secret(prompt: &str) -> anyhow::Result<SecretString> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("{prompt}: ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(SecretString::from(
        line.trim_end_matches(['\r', '\n']).to_owned(),
    ))
}
