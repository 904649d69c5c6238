//! The embedded SQLite backend: one file, write-ahead logging, full sync on commit.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use super::{StoreError, private_files};

/// The database file's name in the data directory.
pub(crate) const FILE_NAME: &str = super::SQLITE_FILE_NAME;

/// Opens (creating it if needed) the SQLite file at `path`. The directory is created 0700 and the
/// file 0600 before SQLite opens it: SQLite gives its WAL and shared-memory files the database
/// file's mode.
pub(crate) async fn connect_file(path: &Path) -> Result<AnyPool, StoreError> {
    if let Some(dir) = path.parent() {
        private_files::create_private_dir(dir).map_err(|e| StoreError::io(dir, e))?;
    }
    private_files::create_private_file(path).map_err(|e| StoreError::io(path, e))?;
    let url = format!("sqlite://{}?mode=rwc", path.display());
    connect_url(&url).await
}

/// Opens a `sqlite:` URL.
pub(crate) async fn connect_url(url: &str) -> Result<AnyPool, StoreError> {
    let options = AnyConnectOptions::from_str(url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                // WAL: readers never block the writer. FULL: a committed transaction survives a
                // crash of the process or the machine. The busy timeout lets writers queue.
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA synchronous = FULL").await?;
                conn.execute("PRAGMA busy_timeout = 15000").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                Ok(())
            })
        })
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await?;
    Ok(pool)
}
