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
    /// Manage the secret keys that encrypt client secrets and tokens at rest.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
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

#[derive(Debug, Subcommand)]
pub(crate) enum KeysCommand {
    /// Re-encrypt every secret and token under a new key, then retire the keys nothing uses.
    ///
    /// With `<data-dir>/secret.key`, a new key is generated into it. With APPCREDS_SECRET_KEY, put
    /// the new key first (`new,old`) on every instance, then run this; afterwards drop the old one.
    Rotate {
        /// The data directory (SQLite database and key file).
        #[arg(long, default_value = "./data", value_name = "DIR")]
        data_dir: PathBuf,
        /// A database other than `<data-dir>/appcreds.db`: `postgres://user@host/db`.
        #[arg(long, value_name = "URL")]
        database_url: Option<String>,
    },
}
