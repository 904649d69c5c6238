//! One module per subcommand.

mod check;
mod integrations;
mod keys;

use crate::cli::{Cli, Command, KeysCommand};

/// Runs the parsed command; `Ok(false)` when it ran but found problems (exit code 1).
pub(crate) async fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        Command::Integrations { json, external_url } => {
            integrations::run(json, &external_url).await.map(|()| true)
        }
        Command::Check {
            format,
            catalogue_dir,
            no_catalogue,
            write_catalogue,
        } => {
            check::run(
                format.into(),
                (!no_catalogue).then_some(catalogue_dir),
                write_catalogue,
            )
            .await
        }
        Command::Keys {
            command:
                KeysCommand::Rotate {
                    data_dir,
                    database_url,
                },
        } => keys::rotate(&data_dir, database_url.as_deref())
            .await
            .map(|()| true),
    }
}
