//! [`StoreError`]: what the store can fail with.

use std::path::PathBuf;

use thiserror::Error;

use super::crypto::{CryptoError, KeyId};

/// An error of the database driver (SQLite's or PostgreSQL's), or of the store's own database
/// layer.
pub type DatabaseError = Box<dyn std::error::Error + Send + Sync>;

/// A storage failure. Messages name rows by id and never carry a secret.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database refused or failed a query, or could not be reached (the driver's error).
    #[error("database error: {0}")]
    Database(#[source] DatabaseError),
    /// `--database-url` is neither `sqlite:` nor `postgres://`.
    #[error(
        "unsupported database URL scheme `{scheme}`: use `postgres://user@host/db` or `sqlite:///path/appcreds.db` (or no URL for `<data_dir>/appcreds.db`)"
    )]
    UnsupportedUrl {
        /// The scheme given.
        scheme: String,
    },
    /// The database URL names a backend this build leaves out (a feature of `appcreds`).
    #[error(
        "this build of appcreds has no {backend} support: enable the `{feature}` feature of the `appcreds` crate, or use the other database"
    )]
    BackendLeftOut {
        /// `SQLite` or `PostgreSQL`.
        backend: &'static str,
        /// The feature that adds it.
        feature: &'static str,
    },
    /// A schema migration failed; nothing of it was applied.
    #[error("schema migration {version} ({name}) failed: {source}")]
    Migration {
        /// Its version.
        version: i64,
        /// Its name.
        name: &'static str,
        /// Why.
        #[source]
        source: DatabaseError,
    },
    /// The database was migrated by a newer appcreds.
    #[error(
        "the database schema is at version {found}, newer than this appcreds knows ({known}); upgrade appcreds"
    )]
    SchemaTooNew {
        /// The version in the database.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A file of the data directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The secret key is missing, malformed or not the one the data was encrypted with.
    #[error("{0}")]
    Key(String),
    /// A stored ciphertext could not be decrypted.
    #[error("cannot decrypt {column} of {table} row `{id}`: {source}")]
    Decrypt {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// The row's id.
        id: String,
        /// Why.
        #[source]
        source: CryptoError,
    },
    /// A stored value decrypted but is not what appcreds wrote.
    #[error("{what} of row `{id}` is corrupt: {problem}")]
    Corrupt {
        /// What it is.
        what: &'static str,
        /// The row's id.
        id: String,
        /// What is wrong.
        problem: String,
    },
    /// No row with this id.
    #[error("no {kind} with id `{id}`")]
    NotFound {
        /// What was looked for: `credential`, `account`, ...
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// A row with this id (or key) exists already.
    #[error("a {kind} with id `{id}` already exists")]
    Duplicate {
        /// `credential`, `account`, ...
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// A compare-and-set found another version than expected: someone else wrote first.
    #[error(
        "account `{id}` was changed by someone else (expected version {expected}, found {actual}); read it again and retry"
    )]
    Conflict {
        /// The account.
        id: String,
        /// The version the writer had read.
        expected: i64,
        /// The version in the store.
        actual: i64,
    },
    /// The account's lease stayed held by another holder for the whole wait.
    #[error("account `{account_id}` is locked by another refresh; try again later")]
    LockTimeout {
        /// The account.
        account_id: String,
    },
    /// The PostgreSQL URL's TLS settings are unusable, or TLS with the server failed.
    #[cfg(feature = "postgres")]
    #[error(transparent)]
    PgTls(#[from] super::postgres_tls::PgTlsError),
    /// A row kept changing under a statement that must see it settle (created and deleted again
    /// and again by others); retrying later works.
    #[error("the database is busy {what}; try again")]
    Contended {
        /// What was being done.
        what: &'static str,
    },
    /// A key rotation cannot proceed.
    #[error("key rotation: {0}")]
    Rotation(String),
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn not_found(kind: &'static str, id: impl Into<String>) -> StoreError {
        StoreError::NotFound {
            kind,
            id: id.into(),
        }
    }

    pub(crate) fn unknown_keys(ids: &[KeyId], source: &str) -> StoreError {
        let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
        StoreError::Key(format!(
            "the database holds data encrypted with key(s) {}, which {source} does not contain: \
             set APPCREDS_SECRET_KEY (or restore <data_dir>/secret.key) to the key(s) this database was written with",
            ids.join(", ")
        ))
    }
}

impl StoreError {
    /// A failure of the store's database layer itself.
    pub(crate) fn database(message: String) -> StoreError {
        StoreError::Database(message.into())
    }

    /// Whether this is the database refusing a row that breaks a unique constraint.
    pub(crate) fn is_unique_violation(&self) -> bool {
        let StoreError::Database(error) = self else {
            return false;
        };
        #[cfg(feature = "sqlite")]
        if let Some(rusqlite::Error::SqliteFailure(failure, _)) = error.downcast_ref() {
            return failure.code == rusqlite::ErrorCode::ConstraintViolation
                && matches!(
                    failure.extended_code,
                    rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                        | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                );
        }
        #[cfg(feature = "postgres")]
        if let Some(sqlx::Error::Database(db)) = error.downcast_ref::<sqlx::Error>() {
            return db.is_unique_violation();
        }
        false
    }

    /// The one place a unique violation becomes [`StoreError::Duplicate`]:
    /// `.map_err(StoreError::duplicate_of("account", &id))`.
    pub(crate) fn duplicate_of(
        kind: &'static str,
        id: &str,
    ) -> impl FnOnce(StoreError) -> StoreError + use<> {
        let id = id.to_owned();
        move |error| match error.is_unique_violation() {
            true => StoreError::Duplicate { kind, id },
            false => error,
        }
    }
}

#[cfg(feature = "sqlite")]
impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::Database(Box::new(error))
    }
}

#[cfg(feature = "postgres")]
impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::Database(Box::new(error))
    }
}
