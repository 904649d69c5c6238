//! Versioned schema migrations, applied at start-up in one transaction, one instance at a time.
//!
//! A migration is SQL shared by both backends; `{bytes}` stands for the byte-string column type.
//! Applied versions are recorded in `appcreds_migrations`. Migrations are append-only: never edit
//! one that has shipped, add the next version.

use super::db::{Conn, Db, args};
use super::{Backend, StoreError};
use crate::clock::now_secs;

/// On PostgreSQL, the advisory lock that serialises migrations between instances (per schema),
/// held until the transaction ends.
const LOCK_MIGRATIONS: &str = "DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('appcreds.migrations.' || current_schema())); END $$";

/// One schema change.
struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "credentials, accounts, pending flows, keys, account leases",
        sql: r#"
CREATE TABLE appcreds_keys (
    id TEXT PRIMARY KEY,
    check_value {bytes} NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE appcreds_credentials (
    id TEXT PRIMARY KEY,
    domain TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret {bytes} NOT NULL,
    name TEXT,
    auth_domain TEXT,
    implementation TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (domain, implementation)
);
CREATE TABLE appcreds_accounts (
    id TEXT PRIMARY KEY,
    domain TEXT NOT NULL,
    title TEXT NOT NULL,
    auth_implementation TEXT NOT NULL,
    unique_id TEXT,
    token {bytes} NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX appcreds_accounts_by_implementation ON appcreds_accounts (domain, auth_implementation);
CREATE TABLE appcreds_pending_flows (
    id TEXT PRIMARY KEY,
    domain TEXT NOT NULL,
    credential_id TEXT,
    account_id TEXT,
    redirect_uri TEXT NOT NULL,
    pkce_verifier {bytes},
    issuer TEXT,
    context TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX appcreds_pending_flows_by_expiry ON appcreds_pending_flows (expires_at);
CREATE TABLE appcreds_account_leases (
    account_id TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
"#,
    },
    Migration {
        version: 2,
        name: "per-account inputs of URL templates",
        sql: r#"
ALTER TABLE appcreds_accounts ADD COLUMN inputs TEXT NOT NULL DEFAULT '{}';
"#,
    },
    Migration {
        version: 3,
        name: "page sessions and settings",
        sql: r#"
CREATE TABLE appcreds_page_sessions (
    id_hash TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE appcreds_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
"#,
    },
    Migration {
        version: 4,
        name: "pending device authorization grants (RFC 8628)",
        sql: r#"
CREATE TABLE appcreds_device_flows (
    id TEXT PRIMARY KEY,
    domain TEXT NOT NULL,
    credential_id TEXT NOT NULL,
    account_id TEXT,
    device_code {bytes} NOT NULL,
    interval_secs BIGINT NOT NULL,
    next_poll_at BIGINT NOT NULL,
    inputs TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
"#,
    },
    Migration {
        version: 5,
        name: "clients registered by appcreds (RFC 7591)",
        sql: r#"
CREATE TABLE appcreds_registered_clients (
    id TEXT PRIMARY KEY,
    issuer TEXT NOT NULL,
    registration_access_token {bytes},
    registration_client_uri TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX appcreds_registered_clients_by_issuer ON appcreds_registered_clients (issuer);
"#,
    },
    Migration {
        version: 6,
        name: "token expiry and refreshability in plain columns; accounts by provider id",
        // `token_refreshable` is NULL until the store fills both from the encrypted token, once,
        // at start-up (`Store::fill_token_metadata`).
        sql: r#"
ALTER TABLE appcreds_accounts ADD COLUMN token_expires_at BIGINT;
ALTER TABLE appcreds_accounts ADD COLUMN token_refreshable BIGINT;
CREATE INDEX appcreds_accounts_by_unique_id ON appcreds_accounts (domain, unique_id);
"#,
    },
    Migration {
        version: 7,
        name: "credentials bound to the issuer of a runtime-discovered server",
        sql: r#"
ALTER TABLE appcreds_credentials ADD COLUMN bound_issuer TEXT;
"#,
    },
];

/// Brings the schema up to date. Safe to run from several instances at once.
pub(crate) async fn migrate(db: &Db) -> Result<(), StoreError> {
    db.write(|c| Box::pin(migrate_in(c))).await
}

async fn migrate_in(c: &mut dyn Conn) -> Result<(), StoreError> {
    let backend = c.backend();
    // SQLite: the writer's `BEGIN IMMEDIATE` already holds the database's write lock.
    if backend == Backend::Postgres {
        c.batch(LOCK_MIGRATIONS).await?;
    }
    c.batch(
        "CREATE TABLE IF NOT EXISTS appcreds_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .await?;
    let current: i64 = c
        .query_opt(
            "SELECT COALESCE(MAX(version), 0) AS v FROM appcreds_migrations",
            args![],
        )
        .await?
        .map(|row| row.get("v"))
        .transpose()?
        .unwrap_or(0);
    let known = MIGRATIONS.last().map_or(0, |m| m.version);
    if current > known {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known,
        });
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        let wrap = |error: StoreError| match error {
            StoreError::Database(source) => StoreError::Migration {
                version: migration.version,
                name: migration.name,
                source,
            },
            error => error,
        };
        let sql = migration.sql.replace("{bytes}", backend.bytes_type());
        c.batch(&sql).await.map_err(wrap)?;
        c.execute(
            "INSERT INTO appcreds_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            args![migration.version, migration.name, now_secs() as i64],
        )
        .await
        .map_err(wrap)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "applied schema migration"
        );
    }
    Ok(())
}
