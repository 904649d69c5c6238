//! The PostgreSQL backend, for several instances sharing one database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Transaction};

use super::StoreError;

/// Connects to a `postgres://` URL. A `?options=-c search_path=...` parameter selects a schema.
pub(crate) async fn connect(url: &str) -> Result<AnyPool, StoreError> {
    let options = AnyConnectOptions::from_str(url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await?;
    Ok(pool)
}

/// Takes a transaction-scoped advisory lock so that instances starting together migrate one at a
/// time (per schema).
pub(crate) async fn lock_migrations(
    tx: &mut Transaction<'static, sqlx::Any>,
) -> Result<(), sqlx::Error> {
    tx.execute("DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('appcreds.migrations.' || current_schema())); END $$")
        .await?;
    Ok(())
}
