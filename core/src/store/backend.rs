//! Which database a store runs on, and connecting to it.
//!
//! Queries are written once with `$n` parameters (both SQLite and PostgreSQL accept them) in the
//! table files and run through [`Db`](super::db::Db): `rusqlite` on our own threads for SQLite,
//! sqlx's PostgreSQL driver for PostgreSQL. Only connecting, a column type and the migration lock
//! depend on the backend.

use std::path::Path;

use super::StoreError;
use super::db::Db;

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
    ) -> Result<Db, StoreError> {
        let scheme = database_url.map(|url| url.split(':').next().unwrap_or_default());
        match (scheme, database_url) {
            (None, _) => open_sqlite(&data_dir.join(super::SQLITE_FILE_NAME), None),
            (Some("sqlite"), Some(url)) => open_sqlite(data_dir, Some(url)),
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
}

#[cfg(feature = "sqlite")]
fn open_sqlite(path: &Path, url: Option<&str>) -> Result<Db, StoreError> {
    let db = match url {
        Some(url) => super::sqlite::open_url(url)?,
        None => super::sqlite::open_file(path)?,
    };
    Ok(Db::Sqlite(db))
}

#[cfg(not(feature = "sqlite"))]
fn open_sqlite(_: &Path, _: Option<&str>) -> Result<Db, StoreError> {
    Err(Backend::Sqlite.left_out())
}

#[cfg(feature = "postgres")]
async fn connect_postgres(url: &str) -> Result<Db, StoreError> {
    Ok(Db::Postgres(super::postgres::connect(url).await?))
}

#[cfg(not(feature = "postgres"))]
async fn connect_postgres(_: &str) -> Result<Db, StoreError> {
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
