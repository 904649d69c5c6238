//! The `appcreds_settings` table: facts about the data that every command on it must agree on,
//! such as the external URL it is served at (one row per name).

use sqlx::Row;

use super::{Store, StoreError};
use crate::clock::now_secs;

/// The setting that holds the external URL the data is served at.
pub(crate) const EXTERNAL_URL_SETTING: &str = "external_url";

impl Store {
    /// The value of setting `name`, if it was ever set.
    pub(crate) async fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT value FROM appcreds_settings WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("value")?),
            None => None,
        })
    }

    /// Sets `name` to `value` (replacing any earlier value).
    pub(crate) async fn set_setting(&self, name: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO appcreds_settings (name, value, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(name)
        .bind(value)
        .bind(now_secs() as i64)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
