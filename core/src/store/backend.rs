//! Which database a store runs on, and the few places where the two differ.
//!
//! Queries are written once with `$n` parameters (both SQLite and PostgreSQL accept them) and run
//! through sqlx's `Any` driver; only connecting, the transaction start, a column type and the
//! migration lock depend on the backend.

use std::path::Path;

use sqlx::{AnyPool, Transaction};

use super::StoreError;
use super::{postgres, sqlite};

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
        match database_url {
            None => Ok((
                Backend::Sqlite,
                sqlite::connect_file(&data_dir.join(sqlite::FILE_NAME)).await?,
            )),
            Some(url) => {
                let scheme = url.split(':').next().unwrap_or_default();
                match scheme {
                    "sqlite" => Ok((Backend::Sqlite, sqlite::connect_url(url).await?)),
                    "postgres" | "postgresql" => {
                        Ok((Backend::Postgres, postgres::connect(url).await?))
                    }
                    _ => Err(StoreError::UnsupportedUrl {
                        scheme: scheme.to_owned(),
                    }),
                }
            }
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
    pub(crate) async fn lock_migrations(
        self,
        tx: &mut Transaction<'static, sqlx::Any>,
    ) -> Result<(), sqlx::Error> {
        match self {
            // `BEGIN IMMEDIATE` already holds the database's write lock.
            Backend::Sqlite => Ok(()),
            Backend::Postgres => postgres::lock_migrations(tx).await,
        }
    }
}
