//! One module per subcommand.

mod integrations;

use crate::cli::{Cli, Command};

/// Runs the parsed command.
pub(crate) async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Integrations { json, external_url } => {
            integrations::run(json, &external_url).await
        }
    }
}
