//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Validate the linked integrations like hassfest: registry, strings, placeholders, endpoints,
    /// options, URL templates, and the generated catalogue. Exit code 1 on any problem.
    Check {
        /// How to print the problems.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// The directory of the generated `catalogue.json` and `INTEGRATIONS.md`.
        #[arg(long, value_name = "DIR", default_value = "integrations")]
        catalogue_dir: PathBuf,
        /// Do not compare the generated catalogue.
        #[arg(long, conflicts_with = "write_catalogue")]
        no_catalogue: bool,
        /// Regenerate the catalogue files instead of reporting them stale.
        #[arg(long)]
        write_catalogue: bool,
    },
}

/// `appcreds check --format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum CheckFormat {
    /// `file:line: error[code]: message`
    Text,
    /// One JSON document.
    Json,
    /// GitHub workflow annotations.
    Github,
}

impl From<CheckFormat> for appcreds::check::Format {
    fn from(format: CheckFormat) -> Self {
        match format {
            CheckFormat::Text => appcreds::check::Format::Text,
            CheckFormat::Json => appcreds::check::Format::Json,
            CheckFormat::Github => appcreds::check::Format::Github,
        }
    }
}
