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
    /// Serve the HTTP API, the OAuth callback and the web page (and, with --demo, a local OAuth
    /// provider with a `demo` integration).
    Serve {
        /// The address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1:8123", value_name = "ADDR")]
        bind: std::net::SocketAddr,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Manage application credentials (the client ids and secrets users create at providers).
    Credentials {
        #[command(subcommand)]
        command: CredentialsCommand,
    },
    /// Manage linked accounts.
    Accounts {
        #[command(subcommand)]
        command: AccountsCommand,
    },
    /// Link an account of DOMAIN: listens for the callback on the external URL's port, prints the
    /// URL to open, waits for the provider to send the browser back.
    Link {
        /// The integration.
        domain: String,
        /// The credential to use when the integration has several.
        #[arg(long, value_name = "ID")]
        credential: Option<String>,
        /// A value the integration needs for the account (see `appcreds integrations`), such as
        /// `--input project_id=my-project`; repeat for several.
        #[arg(long = "input", value_name = "NAME=VALUE", value_parser = parse_input)]
        inputs: Vec<(String, String)>,
        /// How long to wait for the browser, in seconds.
        #[arg(long, default_value_t = 600, value_name = "SECONDS")]
        timeout: u64,
        /// Use the device flow (RFC 8628) for a headless host: print a code to enter at the
        /// provider on any device, and wait for the approval (no callback, no listener).
        #[arg(long)]
        device: bool,
        /// Register a client at the provider automatically (RFC 7591) instead of using a
        /// credential you added, or reuse the one registered there before.
        #[arg(long, conflicts_with = "credential")]
        register: bool,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Print a fresh access token of ACCOUNT (refreshed if needed), for scripts.
    Token {
        /// The linked account's id (see `appcreds accounts list`).
        account: String,
        /// Refresh even if the token is still fresh.
        #[arg(long)]
        refresh: bool,
        /// Print `{"access_token", "token_type", "expires_at"}` instead of the bare token.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Manage the secret keys that encrypt client secrets and tokens at rest.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Validate the linked integrations like hassfest: registry, strings and their files,
    /// placeholders, endpoints, options, URL templates, and the generated catalogue where it is.
    /// Exit code 1 on any problem, and when nothing (or not what was named) is linked.
    Check(CheckArgs),
}

/// `appcreds check`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// How to print the problems.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,
    /// Check only these domains (comma-separated); each must be linked.
    #[arg(long, value_delimiter = ',', value_name = "DOMAINS")]
    pub(crate) domains: Vec<String>,
    /// Check only the integrations of this crate; it must be linked.
    #[arg(long = "crate", value_name = "NAME")]
    pub(crate) crate_name: Option<String>,
    /// The directory of the generated `catalogue.json` and `INTEGRATIONS.md` (by default the
    /// project's integrations crate, found from where it was compiled; not compared when it is
    /// not on this machine).
    #[arg(long, value_name = "DIR")]
    pub(crate) catalogue_dir: Option<PathBuf>,
    /// Do not compare the generated catalogue.
    #[arg(long, conflicts_with = "write_catalogue")]
    pub(crate) no_catalogue: bool,
    /// Regenerate the catalogue files instead of reporting them stale.
    #[arg(long)]
    pub(crate) write_catalogue: bool,
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

/// The data directory when `--data-dir` is not given.
pub(crate) const DEFAULT_DATA_DIR: &str = "./data";

/// Where the data is and how the application is reached: shared by the commands that open it.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct AppArgs {
    /// The data directory (SQLite database, key file, admin token).
    #[arg(long, default_value = "./data", value_name = "DIR")]
    pub(crate) data_dir: PathBuf,
    /// A database other than `<data-dir>/appcreds.db`: `postgres://user@host/db`.
    #[arg(long, value_name = "URL")]
    pub(crate) database_url: Option<String>,
    /// The URL users and providers reach this application at; the redirect URI is built from it.
    /// Recorded with the data the first time; later commands use the recorded one and refuse
    /// another.
    #[arg(long, value_name = "URL")]
    pub(crate) external_url: Option<String>,
    /// Replace the recorded external URL with --external-url (the server moved; register the new
    /// redirect URI at each provider).
    #[arg(long, requires = "external_url")]
    pub(crate) change_external_url: bool,
    /// Include the built-in `demo` integration (and, for `serve` and `link`, serve its local
    /// OAuth provider).
    #[arg(long)]
    pub(crate) demo: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum CredentialsCommand {
    /// List the application credentials (never their secrets).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Add a credential; the client secret is read from standard input.
    Add {
        /// The integration.
        #[arg(long)]
        domain: String,
        /// The client id created at the provider.
        #[arg(long)]
        client_id: String,
        /// A display name.
        #[arg(long)]
        name: Option<String>,
        /// Print the new credential as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Rename a credential (an empty NAME removes the name).
    Rename {
        /// The credential's id.
        id: String,
        /// The new name.
        name: String,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Replace a credential's client secret; the new secret is read from standard input.
    Rotate {
        /// The credential's id.
        id: String,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Delete a credential (refused while linked accounts use it).
    Remove {
        /// The credential's id.
        id: String,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Import credentials from a TOML file shaped like `appcreds.toml`; existing ones are kept.
    Import {
        /// The file.
        file: PathBuf,
        /// Print what happened as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        app: AppArgs,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AccountsCommand {
    /// List the linked accounts and their token status (never the tokens).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Set a linked account's title (what the page and `accounts list` show).
    Rename {
        /// The account's id.
        id: String,
        /// The new title.
        title: String,
        #[command(flatten)]
        app: AppArgs,
    },
    /// Remove a linked account: its tokens are revoked at the provider first (when it offers
    /// revocation), and the account is removed here whatever the provider answers.
    Remove {
        /// The account's id.
        id: String,
        /// Print the account and the revocation's outcome as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        app: AppArgs,
    },
}

/// `NAME=VALUE` of `link --input`.
fn parse_input(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!(
            "expected NAME=VALUE, such as project_id=my-project, got {text:?}"
        )),
    }
}
