//! The command line, declared with clap.

use clap::{Parser, Subcommand};

/// appcreds: OAuth application credentials and account linking for the integrations of this program.
#[derive(Debug, Parser)]
#[command(name = "appcreds", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List the integrations linked into this program: endpoints, options, placeholders, source.
    Integrations {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// The external URL the redirect URI is built from.
        #[arg(long, default_value = appcreds::DEFAULT_EXTERNAL_URL, value_name = "URL")]
        external_url: String,
    },
}
