//! The `appcreds_pending_flows` table: authorization flows waiting for their callback, shared by
//! every instance and surviving restarts. A flow is taken once: [`Store::take_pending_flow`]
//! deletes and returns it in one statement, so a replayed callback finds nothing.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::error::is_unique_violation;
use super::{Store, StoreError};
use crate::clock::now_secs;

const TABLE: &str = "appcreds_pending_flows";
const VERIFIER: &str = "pkce_verifier";
const COLUMNS: &str = "id, domain, credential_id, account_id, redirect_uri, pkce_verifier, issuer, context, created_at, expires_at";

/// A flow waiting for the provider's redirect.
#[derive(Clone)]
pub struct PendingFlow {
    /// The flow's id: the handle the `state` parameter carries (chosen by the engine, unguessable).
    pub id: String,
    /// The integration's domain.
    pub domain: String,
    /// The credential the flow uses.
    pub credential_id: Option<String>,
    /// The account being re-authorized, for a reauth flow.
    pub account_id: Option<String>,
    /// The redirect URI sent in the authorization request (the token request must repeat it).
    pub redirect_uri: String,
    /// The PKCE code verifier (stored encrypted).
    pub pkce_verifier: Option<SecretString>,
    /// The issuer expected in the callback's `iss` (RFC 9207).
    pub issuer: Option<String>,
    /// Anything else the engine needs back, as JSON.
    pub context: serde_json::Value,
    /// Seconds since the Unix epoch.
    pub created_at: u64,
    /// After this (seconds since the Unix epoch) the flow is gone.
    pub expires_at: u64,
}

impl fmt::Debug for PendingFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingFlow")
            .field("id", &self.id)
            .field("domain", &self.domain)
            .field("credential_id", &self.credential_id)
            .field("account_id", &self.account_id)
            .field("redirect_uri", &self.redirect_uri)
            .field(
                "pkce_verifier",
                &self.pkce_verifier.as_ref().map(|_| "[redacted]"),
            )
            .field("issuer", &self.issuer)
            .field("context", &self.context)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Store {
    fn flow_from_row(&self, row: &AnyRow) -> Result<PendingFlow, StoreError> {
        let id: String = row.try_get("id")?;
        let verifier = row
            .try_get::<Option<Vec<u8>>, _>(VERIFIER)?
            .map(|sealed| {
                let plain = self.keys().open(TABLE, VERIFIER, &id, &sealed)?;
                String::from_utf8(plain)
                    .map(SecretString::from)
                    .map_err(|_| StoreError::Corrupt {
                        what: VERIFIER,
                        id: id.clone(),
                        problem: "not UTF-8".to_owned(),
                    })
            })
            .transpose()?;
        let context: String = row.try_get("context")?;
        Ok(PendingFlow {
            domain: row.try_get("domain")?,
            credential_id: row.try_get("credential_id")?,
            account_id: row.try_get("account_id")?,
            redirect_uri: row.try_get("redirect_uri")?,
            pkce_verifier: verifier,
            issuer: row.try_get("issuer")?,
            context: serde_json::from_str(&context).map_err(|e| StoreError::Corrupt {
                what: "context",
                id: id.clone(),
                problem: e.to_string(),
            })?,
            created_at: row.try_get::<i64, _>("created_at")? as u64,
            expires_at: row.try_get::<i64, _>("expires_at")? as u64,
            id,
        })
    }

    /// Stores a pending flow; an id in use is `Duplicate`.
    pub async fn insert_pending_flow(&self, flow: &PendingFlow) -> Result<(), StoreError> {
        let verifier = flow
            .pkce_verifier
            .as_ref()
            .map(|v| {
                self.keys()
                    .seal(TABLE, VERIFIER, &flow.id, v.expose_secret().as_bytes())
            })
            .transpose()?;
        let result = sqlx::query(
            "INSERT INTO appcreds_pending_flows
               (id, domain, credential_id, account_id, redirect_uri, pkce_verifier, issuer, context, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&flow.id)
        .bind(&flow.domain)
        .bind(&flow.credential_id)
        .bind(&flow.account_id)
        .bind(&flow.redirect_uri)
        .bind(verifier)
        .bind(&flow.issuer)
        .bind(flow.context.to_string())
        .bind(flow.created_at as i64)
        .bind(flow.expires_at as i64)
        .execute(self.pool())
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(StoreError::Duplicate {
                kind: "pending flow",
                id: flow.id.clone(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// Reads a pending flow without consuming it; `None` when unknown or expired.
    pub async fn pending_flow(&self, id: &str) -> Result<Option<PendingFlow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {TABLE} WHERE id = $1 AND expires_at > $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(now_secs() as i64)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(|row| self.flow_from_row(row))
            .transpose()
    }

    /// Deletes and returns a pending flow, atomically: of two callbacks with the same state, one
    /// gets the flow and the other `None`. An expired flow is deleted and `None` is returned.
    pub async fn take_pending_flow(&self, id: &str) -> Result<Option<PendingFlow>, StoreError> {
        let sql = format!("DELETE FROM {TABLE} WHERE id = $1 RETURNING {COLUMNS}");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(None) };
        let flow = self.flow_from_row(&row)?;
        Ok((flow.expires_at > now_secs()).then_some(flow))
    }

    /// Deletes every expired pending flow and device flow; returns how many.
    pub async fn purge_expired_flows(&self) -> Result<u64, StoreError> {
        let mut purged = 0;
        for table in [TABLE, "appcreds_device_flows"] {
            let sql = format!("DELETE FROM {table} WHERE expires_at <= $1");
            let done = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(now_secs() as i64)
                .execute(self.pool())
                .await?;
            purged += done.rows_affected();
        }
        Ok(purged)
    }
}
