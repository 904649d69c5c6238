//! Storage: application credentials, linked accounts, pending flows, keys and account leases in
//! SQLite (embedded default) or PostgreSQL, with secrets and tokens encrypted at rest.
//!
//! [`Store`] is cheap to clone (an `Arc` inside) and is shared by the credential service, the
//! flow engine and the HTTP layer. Every operation is one transaction, committed together with
//! the operations that arrive at the same time (group commit). Design notes: `docs/storage.md`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let store = appcreds::Store::open(&appcreds::StoreConfig::new(dir.path())).await?;
//! assert_eq!(store.backend(), appcreds::store::Backend::Sqlite);
//! assert!(dir.path().join("appcreds.db").exists() && dir.path().join("secret.key").exists());
//! # Ok(()) }
//! ```

mod account_table;
mod backend;
mod credential_table;
pub mod crypto;
pub(crate) mod db;
mod device_table;
mod error;
mod flow_table;
mod keys;
mod lease;
mod operations;
mod page_session_table;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
mod postgres_tls;
pub(crate) mod private_files;
mod registration_table;
mod schema;
mod setting_table;
#[cfg(feature = "sqlite")]
mod sqlite;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use secrecy::SecretString;

pub use crate::AccountInputs;
pub use account_table::{AccountInfo, AccountRef, AccountStatus, LinkedAccount, NewAccount};
pub use backend::Backend;
pub use credential_table::ApplicationCredential;
pub(crate) use credential_table::DeleteOutcome;
pub use device_table::DeviceFlow;
pub use error::{DatabaseError, StoreError};
pub use flow_table::PendingFlow;
pub use keys::{KEY_FILE_NAME, RotationReport, SECRET_KEY_ENV};
pub use lease::AccountLease;
#[cfg(feature = "postgres")]
pub use postgres_tls::PgTlsError;
pub use registration_table::RegisteredCredential;
pub(crate) use setting_table::EXTERNAL_URL_SETTING;
/// The SQLite database file's name in the data directory.
pub const SQLITE_FILE_NAME: &str = "appcreds.db";

use db::Db;
use keys::Keys;

/// Where a store lives and which key protects it.
#[derive(Clone)]
pub struct StoreConfig {
    data_dir: PathBuf,
    database_url: Option<String>,
    secret_key: Option<SecretString>,
}

impl StoreConfig {
    /// SQLite at `<data_dir>/appcreds.db`; the key from `APPCREDS_SECRET_KEY`, else
    /// `<data_dir>/secret.key`.
    pub fn new(data_dir: impl Into<PathBuf>) -> StoreConfig {
        StoreConfig {
            data_dir: data_dir.into(),
            database_url: None,
            secret_key: None,
        }
    }

    /// Uses this database instead: `postgres://user@host/db` or `sqlite:///path/file.db`.
    pub fn database_url(mut self, url: impl Into<String>) -> StoreConfig {
        self.database_url = Some(url.into());
        self
    }

    /// Uses these key(s) (base64 of 32 bytes, comma separated, current first) instead of the
    /// environment or the key file.
    pub fn secret_key(mut self, key: SecretString) -> StoreConfig {
        self.secret_key = Some(key);
        self
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}

impl fmt::Debug for StoreConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreConfig")
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// A URL without its password.
fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("redacted"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

/// The store: a handle to the database and the keys. Clone it freely.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    keys: Keys,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.inner.db.backend())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the store: makes the data directory private (0700, its files 0600, logging what it
    /// tightened), connects, applies pending migrations, loads the secret key (creating the
    /// key file on a first run) and checks it against the database. A wrong or missing key is an
    /// error here, never garbage later.
    pub async fn open(config: &StoreConfig) -> Result<Store, StoreError> {
        private_files::tighten_data_dir(&config.data_dir)
            .map_err(|e| StoreError::io(&config.data_dir, e))?;
        let db = Backend::connect(&config.data_dir, config.database_url.as_deref()).await?;
        schema::migrate(&db).await?;
        let keys = Keys::load(config.secret_key.as_ref(), &config.data_dir, &db).await?;
        let store = Store {
            inner: Arc::new(Inner { db, keys }),
        };
        store.fill_token_metadata().await?;
        tracing::debug!(backend = ?store.backend(), "store opened");
        Ok(store)
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.inner.db.backend()
    }

    /// Re-encrypts every secret and token under a new key (generated into the key file) or under
    /// the first configured key, and retires the keys nothing uses any more. Readers keep working
    /// throughout: both keys decrypt until the end.
    pub async fn rotate_keys(&self) -> Result<RotationReport, StoreError> {
        self.inner.keys.rotate(&self.inner.db).await
    }

    /// Closes the connections, once the writes already given are committed.
    pub async fn close(&self) {
        self.inner.db.close().await;
    }

    pub(crate) fn db(&self) -> &Db {
        &self.inner.db
    }

    pub(crate) fn keys(&self) -> &Keys {
        &self.inner.keys
    }
}
