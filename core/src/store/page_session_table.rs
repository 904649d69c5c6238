//! The `appcreds_page_sessions` table: the web page's login sessions, shared by every instance on
//! the database, so that logging out (or changing the admin token) ends a session everywhere.
//!
//! Only a hash of a session's id is stored: reading the database does not give a cookie. Each
//! session records the fingerprint of the admin token it was opened with; a session whose
//! fingerprint is not the current token's is no session.

use super::db::args;
use super::{Store, StoreError};

// The queries of this table, each written once for both databases.
const DELETE_STALE: &str =
    "DELETE FROM appcreds_page_sessions WHERE expires_at <= $1 OR owner <> $2";
const INSERT: &str = "INSERT INTO appcreds_page_sessions (id_hash, owner, created_at, expires_at)
    VALUES ($1, $2, $3, $4)";
const IS_OPEN: &str = "SELECT COUNT(*) AS n FROM appcreds_page_sessions
    WHERE id_hash = $1 AND owner = $2 AND expires_at > $3";
const DELETE: &str = "DELETE FROM appcreds_page_sessions WHERE id_hash = $1";

impl Store {
    /// Records a page session opened now under the admin token `owner`, valid until `expires_at`
    /// (seconds since the Unix epoch). Expired sessions and sessions of other admin tokens are
    /// deleted in the same commit.
    pub(crate) async fn insert_page_session(
        &self,
        id_hash: &str,
        owner: &str,
        now: u64,
        expires_at: u64,
    ) -> Result<(), StoreError> {
        let stale = args![now as i64, owner];
        let insert = args![id_hash, owner, now as i64, expires_at as i64];
        self.db()
            .write(move |c| {
                Box::pin(async move {
                    c.execute(DELETE_STALE, stale).await?;
                    c.execute(INSERT, insert).await?;
                    Ok(())
                })
            })
            .await
    }

    /// Whether the session `id_hash` exists, belongs to the admin token `owner` and has not
    /// expired at `now`.
    pub(crate) async fn page_session_is_open(
        &self,
        id_hash: &str,
        owner: &str,
        now: u64,
    ) -> Result<bool, StoreError> {
        let row = self
            .db()
            .query_opt(IS_OPEN, args![id_hash, owner, now as i64])
            .await?;
        Ok(row.map(|row| row.get::<i64>("n")).transpose()?.unwrap_or(0) > 0)
    }

    /// Ends the session `id_hash` (logout); ending an unknown session is not an error.
    pub(crate) async fn delete_page_session(&self, id_hash: &str) -> Result<(), StoreError> {
        let args = args![id_hash];
        self.db().execute(DELETE, args).await?;
        Ok(())
    }
}
