//! The PostgreSQL backend, for several instances sharing one database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Transaction};

use super::StoreError;
use super::postgres_tls;

/// Connects to a `postgres://` URL. A `?options=-c search_path=...` parameter selects a schema;
/// `sslmode` and `sslrootcert` select TLS (`postgres_tls`).
pub(crate) async fn connect(url: &str) -> Result<AnyPool, StoreError> {
    let pg = postgres_tls::connect_options(url)?;
    // `Any` reads the URL again: the mode in force (libpq's require → verify-ca) goes last.
    let mode = postgres_tls::mode_name(pg.get_ssl_mode());
    let separator = if url.contains('?') { '&' } else { '?' };
    let options = AnyConnectOptions::from_str(&format!("{url}{separator}sslmode={mode}"))?;
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
        .map_err(|error| postgres_tls::explain(error, &pg))?;
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
