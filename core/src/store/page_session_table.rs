//! The `appcreds_page_sessions` table: the web page's login sessions, shared by every instance on
//! the database, so that logging out (or changing the admin token) ends a session everywhere.
//!
//! Only a hash of a session's id is stored: reading the database does not give a cookie. Each
//! session records the fingerprint of the admin token it was opened with; a session whose
//! fingerprint is not the current token's is no session.

use sqlx::Row;

use super::{Store, StoreError};

impl Store {
    /// Records a page session opened now under the admin token `owner`, valid until `expires_at`
    /// (seconds since the Unix epoch). Expired sessions and sessions of other admin tokens are
    /// deleted on the way.
    pub(crate) async fn insert_page_session(
        &self,
        id_hash: &str,
        owner: &str,
        now: u64,
        expires_at: u64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM appcreds_page_sessions WHERE expires_at <= $1 OR owner <> $2")
            .bind(now as i64)
            .bind(owner)
            .execute(self.pool())
            .await?;
        sqlx::query(
            "INSERT INTO appcreds_page_sessions (id_hash, owner, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id_hash)
        .bind(owner)
        .bind(now as i64)
        .bind(expires_at as i64)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Whether the session `id_hash` exists, belongs to the admin token `owner` and has not
    /// expired at `now`.
    pub(crate) async fn page_session_is_open(
        &self,
        id_hash: &str,
        owner: &str,
        now: u64,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM appcreds_page_sessions WHERE id_hash = $1 AND owner = $2 AND expires_at > $3",
        )
        .bind(id_hash)
        .bind(owner)
        .bind(now as i64)
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// Ends the session `id_hash` (logout); ending an unknown session is not an error.
    pub(crate) async fn delete_page_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM appcreds_page_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
