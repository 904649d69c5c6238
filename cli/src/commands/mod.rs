//! One module per subcommand.

mod accounts;
mod app;
mod check;
mod credentials;
mod integrations;
mod keys;
mod link;
mod output;
mod serve;
mod token;

use std::time::Duration;

use crate::cli::{Cli, Command, KeysCommand};

/// Runs the parsed command; `Ok(false)` when it ran but found problems (exit code 1).
pub(crate) async fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        Command::Integrations { json, external_url } => {
            integrations::run(json, &external_url).await.map(|()| true)
        }
        Command::Check(args) => check::run(args).await,
        Command::Keys {
            command:
                KeysCommand::Rotate {
                    data_dir,
                    database_url,
                },
        } => keys::rotate(&data_dir, database_url.as_deref())
            .await
            .map(|()| true),
        Command::Serve { bind, app } => serve::run(bind, app).await.map(|()| true),
        Command::Credentials { command } => credentials::run(command).await.map(|()| true),
        Command::Accounts { command } => accounts::run(command).await.map(|()| true),
        Command::Link {
            domain,
            credential,
            inputs,
            timeout,
            device,
            register,
            app,
        } => link::run(
            &domain,
            credential.as_deref(),
            Duration::from_secs(timeout),
            link::How {
                device,
                register,
                inputs,
            },
            &app,
        )
        .await
        .map(|()| true),
        Command::Token {
            account,
            refresh,
            json,
            app,
        } => token::run(&account, refresh, json, &app)
            .await
            .map(|()| true),
    }
}
