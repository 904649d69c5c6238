//! The `appcreds_pending_flows` table: authorization flows waiting for their callback, shared by
//! every instance and surviving restarts. A flow is taken once: [`Store::take_pending_flow`]
//! deletes and returns it in one statement, so a replayed callback finds nothing.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use super::db::{Arg, Conn, Row, args};
use super::{Store, StoreError};
use crate::clock::now_secs;

const TABLE: &str = "appcreds_pending_flows";
const VERIFIER: &str = "pkce_verifier";

// The queries of this table, each written once for both databases.
const SELECT_LIVE: &str = "SELECT id, domain, credential_id, account_id, redirect_uri, pkce_verifier, issuer, context, created_at, expires_at
    FROM appcreds_pending_flows WHERE id = $1 AND expires_at > $2";
const TAKE: &str = "DELETE FROM appcreds_pending_flows WHERE id = $1
    RETURNING id, domain, credential_id, account_id, redirect_uri, pkce_verifier, issuer, context, created_at, expires_at";
const INSERT: &str = "INSERT INTO appcreds_pending_flows
    (id, domain, credential_id, account_id, redirect_uri, pkce_verifier, issuer, context, created_at, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const PUT: &str = "INSERT INTO appcreds_pending_flows
    (id, domain, credential_id, account_id, redirect_uri, pkce_verifier, issuer, context, created_at, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    ON CONFLICT (id) DO UPDATE SET domain = excluded.domain, credential_id = excluded.credential_id,
      account_id = excluded.account_id, redirect_uri = excluded.redirect_uri,
      pkce_verifier = excluded.pkce_verifier, issuer = excluded.issuer, context = excluded.context,
      created_at = excluded.created_at, expires_at = excluded.expires_at";
const PURGE: &str = "DELETE FROM appcreds_pending_flows WHERE expires_at <= $1";

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

/// A pending flow's row, sealed and ready to bind (`$1`..`$10` of `INSERT` and `PUT`).
pub(crate) struct FlowRow(Vec<Arg>);

/// Step: stores a pending flow; an id in use is `Duplicate`.
pub(crate) async fn insert(c: &mut dyn Conn, row: FlowRow) -> Result<(), StoreError> {
    let id = match &row.0[0] {
        Arg::Text(Some(id)) => id.clone(),
        _ => String::new(),
    };
    c.execute(INSERT, row.0)
        .await
        .map_err(StoreError::duplicate_of("pending flow", &id))?;
    Ok(())
}

/// Step: stores a pending flow, replacing the one with its id if there is one.
pub(crate) async fn put(c: &mut dyn Conn, row: FlowRow) -> Result<(), StoreError> {
    c.execute(PUT, row.0).await?;
    Ok(())
}

/// Step: deletes and returns a pending flow's row (expired or not).
pub(crate) async fn take(c: &mut dyn Conn, id: &str) -> Result<Option<Row>, StoreError> {
    c.query_opt(TAKE, args![id]).await
}

impl Store {
    fn flow_from_row(&self, row: &Row) -> Result<PendingFlow, StoreError> {
        let id: String = row.get("id")?;
        let verifier = row
            .get::<Option<Vec<u8>>>(VERIFIER)?
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
        let context: String = row.get("context")?;
        Ok(PendingFlow {
            domain: row.get("domain")?,
            credential_id: row.get("credential_id")?,
            account_id: row.get("account_id")?,
            redirect_uri: row.get("redirect_uri")?,
            pkce_verifier: verifier,
            issuer: row.get("issuer")?,
            context: serde_json::from_str(&context).map_err(|e| StoreError::Corrupt {
                what: "context",
                id: id.clone(),
                problem: e.to_string(),
            })?,
            created_at: row.get::<i64>("created_at")? as u64,
            expires_at: row.get::<i64>("expires_at")? as u64,
            id,
        })
    }

    /// A pending flow's row, its verifier encrypted.
    pub(crate) fn flow_row(&self, flow: &PendingFlow) -> Result<FlowRow, StoreError> {
        let verifier = flow
            .pkce_verifier
            .as_ref()
            .map(|v| {
                self.keys()
                    .seal(TABLE, VERIFIER, &flow.id, v.expose_secret().as_bytes())
            })
            .transpose()?;
        Ok(FlowRow(args![
            &flow.id,
            &flow.domain,
            &flow.credential_id,
            &flow.account_id,
            &flow.redirect_uri,
            verifier,
            &flow.issuer,
            flow.context.to_string(),
            flow.created_at as i64,
            flow.expires_at as i64,
        ]))
    }

    /// The flow a taken row held; `None` when it had expired.
    pub(crate) fn taken_flow(&self, row: Option<Row>) -> Result<Option<PendingFlow>, StoreError> {
        let Some(row) = row else { return Ok(None) };
        let flow = self.flow_from_row(&row)?;
        Ok((flow.expires_at > now_secs()).then_some(flow))
    }

    /// Stores a pending flow; an id in use is `Duplicate`.
    pub async fn insert_pending_flow(&self, flow: &PendingFlow) -> Result<(), StoreError> {
        let row = self.flow_row(flow)?;
        self.db().write(move |c| Box::pin(insert(c, row))).await
    }

    /// Reads a pending flow without consuming it; `None` when unknown or expired.
    pub async fn pending_flow(&self, id: &str) -> Result<Option<PendingFlow>, StoreError> {
        self.db()
            .query_opt(SELECT_LIVE, args![id, now_secs() as i64])
            .await?
            .as_ref()
            .map(|row| self.flow_from_row(row))
            .transpose()
    }

    /// Deletes and returns a pending flow, atomically: of two callbacks with the same state, one
    /// gets the flow and the other `None`. An expired flow is deleted and `None` is returned.
    pub async fn take_pending_flow(&self, id: &str) -> Result<Option<PendingFlow>, StoreError> {
        let id = id.to_owned();
        let row = self
            .db()
            .write(move |c| Box::pin(async move { take(c, &id).await }))
            .await?;
        self.taken_flow(row)
    }

    /// Deletes every expired pending flow and device flow; returns how many.
    pub async fn purge_expired_flows(&self) -> Result<u64, StoreError> {
        let now = now_secs() as i64;
        self.db()
            .write(move |c| {
                Box::pin(async move {
                    let flows = c.execute(PURGE, args![now]).await?;
                    Ok(flows + super::device_table::purge(c, now).await?)
                })
            })
            .await
    }
}
