//! The `appcreds_device_flows` table: device authorization grants (RFC 8628) waiting for the user
//! to approve, shared by every instance and surviving restarts. The device code is stored
//! encrypted; a poll is *claimed* ([`Store::claim_device_poll`]) so that, whatever the number of
//! callers and instances, the token endpoint is asked at most once per interval.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use super::db::{Conn, Row, args};
use super::{AccountInputs, Store, StoreError};
use crate::clock::now_secs;

const TABLE: &str = "appcreds_device_flows";
const DEVICE_CODE: &str = "device_code";

// The queries of this table, each written once for both databases.
const INSERT: &str = "INSERT INTO appcreds_device_flows
    (id, domain, credential_id, account_id, device_code, interval_secs, next_poll_at, inputs, created_at, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const CLAIM_POLL: &str = "UPDATE appcreds_device_flows SET next_poll_at = $2 + interval_secs
    WHERE id = $1 AND next_poll_at <= $2
    RETURNING id, domain, credential_id, account_id, device_code, interval_secs, next_poll_at, inputs, created_at, expires_at";
const SLOW_DOWN: &str = "UPDATE appcreds_device_flows
    SET interval_secs = interval_secs + $2, next_poll_at = next_poll_at + $2 WHERE id = $1";
const TAKE: &str = "DELETE FROM appcreds_device_flows WHERE id = $1
    RETURNING id, domain, credential_id, account_id, device_code, interval_secs, next_poll_at, inputs, created_at, expires_at";
const PURGE: &str = "DELETE FROM appcreds_device_flows WHERE expires_at <= $1";

/// A device flow waiting for the user's approval.
#[derive(Clone)]
pub struct DeviceFlow {
    /// The flow's public id.
    pub id: String,
    /// The integration's domain.
    pub domain: String,
    /// The credential the flow uses.
    pub credential_id: String,
    /// The account being re-authorized, for a reauth flow.
    pub account_id: Option<String>,
    /// The device code (stored encrypted).
    pub device_code: SecretString,
    /// Seconds between polls (grows with `slow_down`).
    pub interval_secs: u64,
    /// No poll before this (seconds since the Unix epoch).
    pub next_poll_at: u64,
    /// The per-account input values of the flow.
    pub inputs: AccountInputs,
    /// Seconds since the Unix epoch.
    pub created_at: u64,
    /// When the device code expires (seconds since the Unix epoch).
    pub expires_at: u64,
}

impl fmt::Debug for DeviceFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceFlow")
            .field("id", &self.id)
            .field("domain", &self.domain)
            .field("credential_id", &self.credential_id)
            .field("account_id", &self.account_id)
            .field("device_code", &"[redacted]")
            .field("interval_secs", &self.interval_secs)
            .field("next_poll_at", &self.next_poll_at)
            .field("inputs", &self.inputs)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Step: deletes the device flows that expired at `now`; returns how many.
pub(crate) async fn purge(c: &mut dyn Conn, now: i64) -> Result<u64, StoreError> {
    c.execute(PURGE, args![now]).await
}

impl Store {
    fn device_flow_from_row(&self, row: &Row) -> Result<DeviceFlow, StoreError> {
        let id: String = row.get("id")?;
        let corrupt = |what: &'static str, problem: String| StoreError::Corrupt {
            what,
            id: id.clone(),
            problem,
        };
        let sealed: Vec<u8> = row.get(DEVICE_CODE)?;
        let plain = self.keys().open(TABLE, DEVICE_CODE, &id, &sealed)?;
        let device_code = String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| corrupt(DEVICE_CODE, "not UTF-8".to_owned()))?;
        let inputs: String = row.get("inputs")?;
        let inputs = serde_json::from_str(&inputs).map_err(|e| corrupt("inputs", e.to_string()))?;
        Ok(DeviceFlow {
            domain: row.get("domain")?,
            credential_id: row.get("credential_id")?,
            account_id: row.get("account_id")?,
            device_code,
            interval_secs: row.get::<i64>("interval_secs")? as u64,
            next_poll_at: row.get::<i64>("next_poll_at")? as u64,
            inputs,
            created_at: row.get::<i64>("created_at")? as u64,
            expires_at: row.get::<i64>("expires_at")? as u64,
            id,
        })
    }

    /// Stores a device flow; an id in use is `Duplicate`.
    pub async fn insert_device_flow(&self, flow: &DeviceFlow) -> Result<(), StoreError> {
        let sealed = self.keys().seal(
            TABLE,
            DEVICE_CODE,
            &flow.id,
            flow.device_code.expose_secret().as_bytes(),
        )?;
        let inputs = serde_json::to_string(&flow.inputs).map_err(|e| StoreError::Corrupt {
            what: "inputs",
            id: flow.id.clone(),
            problem: e.to_string(),
        })?;
        let args = args![
            &flow.id,
            &flow.domain,
            &flow.credential_id,
            &flow.account_id,
            sealed,
            flow.interval_secs as i64,
            flow.next_poll_at as i64,
            inputs,
            flow.created_at as i64,
            flow.expires_at as i64,
        ];
        self.db()
            .execute(INSERT, args)
            .await
            .map_err(StoreError::duplicate_of("device flow", &flow.id))?;
        Ok(())
    }

    /// Claims the next poll of device flow `id`: when the poll is due, moves `next_poll_at` one
    /// interval ahead in one statement and returns the flow; `None` when it is not due yet,
    /// unknown, or already taken. Of concurrent callers, one gets it.
    pub async fn claim_device_poll(&self, id: &str) -> Result<Option<DeviceFlow>, StoreError> {
        let args = args![id, now_secs() as i64];
        self.db()
            .execute_returning(CLAIM_POLL, args)
            .await?
            .as_ref()
            .map(|row| self.device_flow_from_row(row))
            .transpose()
    }

    /// Adds `seconds` to device flow `id`'s interval, from its next poll on (`slow_down`).
    pub async fn slow_down_device_flow(&self, id: &str, seconds: u64) -> Result<(), StoreError> {
        let args = args![id, seconds as i64];
        self.db().execute(SLOW_DOWN, args).await?;
        Ok(())
    }

    /// Deletes and returns device flow `id`, atomically (the flow ends once).
    pub async fn take_device_flow(&self, id: &str) -> Result<Option<DeviceFlow>, StoreError> {
        self.db()
            .execute_returning(TAKE, args![id])
            .await?
            .as_ref()
            .map(|row| self.device_flow_from_row(row))
            .transpose()
    }
}
