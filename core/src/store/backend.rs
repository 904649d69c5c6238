//! Which database a store runs on, and the few places where the two differ.
//!
//! Queries are written once with `$n` parameters (both SQLite and PostgreSQL accept them) and run
//! through sqlx's `Any` driver; only connecting, the transaction start, a column type and the
//! migration lock depend on the backend.

use std::path::Path;

use sqlx::{AnyPool, Transaction};

use super::StoreError;
#[cfg(feature = "postgres")]
use super::postgres;
#[cfg(feature = "sqlite")]
use super::sqlite;

/// The database behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Connects to `database_url`, or to `<data_dir>/appcreds.db` when there is none.
    pub(crate) async fn connect(
        data_dir: &Path,
        database_url: Option<&str>,
    ) -> Result<(Backend, AnyPool), StoreError> {
        sqlx::any::install_default_drivers();
        let scheme = database_url.map(|url| url.split(':').next().unwrap_or_default());
        match (scheme, database_url) {
            (None, _) => connect_sqlite_file(data_dir).await,
            (Some("sqlite"), Some(url)) => connect_sqlite_url(url).await,
            (Some("postgres" | "postgresql"), Some(url)) => connect_postgres(url).await,
            (Some(scheme), _) => Err(StoreError::UnsupportedUrl {
                scheme: scheme.to_owned(),
            }),
        }
    }

    /// The column type of byte strings.
    pub(crate) fn bytes_type(self) -> &'static str {
        match self {
            Backend::Sqlite => "BLOB",
            Backend::Postgres => "BYTEA",
        }
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so that a read followed by a write never fails with `SQLITE_BUSY`.
    pub(crate) async fn begin_write(
        self,
        pool: &AnyPool,
    ) -> Result<Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self {
            Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => pool.begin().await,
        }
    }

    /// Serialises schema migrations between instances, within the transaction `tx`.
    #[cfg_attr(not(feature = "postgres"), allow(unused_variables))]
    pub(crate) async fn lock_migrations(
        self,
        tx: &mut Transaction<'static, sqlx::Any>,
    ) -> Result<(), sqlx::Error> {
        match self {
            // `BEGIN IMMEDIATE` already holds the database's write lock.
            Backend::Sqlite => Ok(()),
            #[cfg(feature = "postgres")]
            Backend::Postgres => postgres::lock_migrations(tx).await,
            #[cfg(not(feature = "postgres"))]
            Backend::Postgres => Ok(()),
        }
    }
}

#[cfg(feature = "sqlite")]
async fn connect_sqlite_file(data_dir: &Path) -> Result<(Backend, AnyPool), StoreError> {
    let pool = sqlite::connect_file(&data_dir.join(sqlite::FILE_NAME)).await?;
    Ok((Backend::Sqlite, pool))
}

#[cfg(feature = "sqlite")]
async fn connect_sqlite_url(url: &str) -> Result<(Backend, AnyPool), StoreError> {
    Ok((Backend::Sqlite, sqlite::connect_url(url).await?))
}

#[cfg(not(feature = "sqlite"))]
async fn connect_sqlite_file(_: &Path) -> Result<(Backend, AnyPool), StoreError> {
    Err(Backend::Sqlite.left_out())
}

#[cfg(not(feature = "sqlite"))]
async fn connect_sqlite_url(_: &str) -> Result<(Backend, AnyPool), StoreError> {
    Err(Backend::Sqlite.left_out())
}

#[cfg(feature = "postgres")]
async fn connect_postgres(url: &str) -> Result<(Backend, AnyPool), StoreError> {
    Ok((Backend::Postgres, postgres::connect(url).await?))
}

#[cfg(not(feature = "postgres"))]
async fn connect_postgres(_: &str) -> Result<(Backend, AnyPool), StoreError> {
    Err(Backend::Postgres.left_out())
}

impl Backend {
    /// The error for a backend this build leaves out.
    #[cfg(not(all(feature = "sqlite", feature = "postgres")))]
    fn left_out(self) -> StoreError {
        match self {
            Backend::Sqlite => StoreError::BackendLeftOut {
                backend: "SQLite",
                feature: "sqlite",
            },
            Backend::Postgres => StoreError::BackendLeftOut {
                backend: "PostgreSQL",
                feature: "postgres",
            },
        }
    }
}
