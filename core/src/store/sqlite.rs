//! The embedded SQLite backend: one file, write-ahead logging, full sync on commit.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use super::StoreError;

/// The database file's name in the data directory.
pub(crate) const FILE_NAME: &str = super::SQLITE_FILE_NAME;

/// Opens (creating it if needed) the SQLite file at `path`.
pub(crate) async fn connect_file(path: &Path) -> Result<AnyPool, StoreError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    }
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
