//! One module per subcommand.

mod integrations;
mod keys;

use crate::cli::{Cli, Command, KeysCommand};

/// Runs the parsed command.
pub(crate) async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Integrations { json, external_url } => {
            integrations::run(json, &external_url).await
        }
        Command::Keys {
            command:
                KeysCommand::Rotate {
                    data_dir,
                    database_url,
                },
        } => keys::rotate(&data_dir, database_url.as_deref()).await,
    }
}
