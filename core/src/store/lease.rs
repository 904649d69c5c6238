//! Account leases: a lock per linked account, shared by every instance, that the flow engine holds
//! while it refreshes the account's token so that concurrent callers trigger one refresh.
//!
//! A lease is a row with a holder and an expiry, not a database lock: the refresh is an HTTP call
//! that may take seconds, and holding a PostgreSQL row lock (`SELECT ... FOR UPDATE`) would pin a
//! connection and a transaction for that long, while SQLite's `BEGIN IMMEDIATE` would block every
//! writer of the whole database. A lease whose holder crashed simply expires. Correctness does not
//! rest on the lease alone: the token write is a compare-and-set on the account's version.
//!
//! Taking a lease is a durable write like every other, its fsync shared with the concurrent
//! writes of its batch (group commit). The new token and the release are one durable commit
//! ([`Store::store_refreshed_token`](super::Store::store_refreshed_token)).

use std::time::Duration;

use super::db::{Conn, args};
use super::{Store, StoreError};
use crate::clock::now_ms;
use crate::random::random_id;

// The queries of this table, each written once for both databases.
const TAKE: &str = "INSERT INTO appcreds_account_leases (account_id, holder, expires_at_ms) VALUES ($1, $2, $3)
    ON CONFLICT (account_id) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
    WHERE appcreds_account_leases.expires_at_ms <= $4";
const RELEASE: &str = "DELETE FROM appcreds_account_leases WHERE account_id = $1 AND holder = $2";

/// A held lease on an account. Release it with [`Store::unlock_account`]; if the holder dies, it
/// expires by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountLease {
    /// The account.
    pub account_id: String,
    /// A random token naming this holder.
    pub holder: String,
    /// When it expires, in milliseconds since the Unix epoch.
    pub expires_at_ms: i64,
}

impl Store {
    /// Takes the account's lease for `ttl` if no one holds it (or its holder's lease expired).
    pub async fn try_lock_account(
        &self,
        account_id: &str,
        ttl: Duration,
    ) -> Result<Option<AccountLease>, StoreError> {
        let now = now_ms();
        let lease = AccountLease {
            account_id: account_id.to_owned(),
            holder: random_id(),
            expires_at_ms: now + ttl.as_millis() as i64,
        };
        let args = args![&lease.account_id, &lease.holder, lease.expires_at_ms, now];
        let taken = self.db().execute(TAKE, args).await?;
        Ok((taken == 1).then_some(lease))
    }

    /// Waits up to `wait` for the account's lease, polling with back-off.
    pub async fn lock_account(
        &self,
        account_id: &str,
        ttl: Duration,
        wait: Duration,
    ) -> Result<AccountLease, StoreError> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut pause = Duration::from_millis(20);
        loop {
            if let Some(lease) = self.try_lock_account(account_id, ttl).await? {
                return Ok(lease);
            }
            if tokio::time::Instant::now() + pause > deadline {
                return Err(StoreError::LockTimeout {
                    account_id: account_id.to_owned(),
                });
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(250));
        }
    }

    /// Releases a lease; does nothing if it expired and someone else took it.
    pub async fn unlock_account(&self, lease: &AccountLease) -> Result<(), StoreError> {
        let args = args![&lease.account_id, &lease.holder];
        self.db().execute(RELEASE, args).await?;
        Ok(())
    }
}

/// Step: releases a lease.
pub(crate) async fn release(c: &mut dyn Conn, lease: &AccountLease) -> Result<(), StoreError> {
    c.execute(RELEASE, args![&lease.account_id, &lease.holder])
        .await?;
    Ok(())
}
