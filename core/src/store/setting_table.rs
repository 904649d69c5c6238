//! The `appcreds_settings` table: facts about the data that every command on it must agree on,
//! such as the external URL it is served at (one row per name).

use super::db::args;
use super::{Store, StoreError};
use crate::clock::now_secs;

/// The setting that holds the external URL the data is served at.
pub(crate) const EXTERNAL_URL_SETTING: &str = "external_url";

// The queries of this table, each written once for both databases.
const SELECT: &str = "SELECT value FROM appcreds_settings WHERE name = $1";
const PUT: &str = "INSERT INTO appcreds_settings (name, value, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

impl Store {
    /// The value of setting `name`, if it was ever set.
    pub(crate) async fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.db()
            .query_opt(SELECT, args![name])
            .await?
            .map(|row| row.get("value"))
            .transpose()
    }

    /// Sets `name` to `value` (replacing any earlier value).
    pub(crate) async fn set_setting(&self, name: &str, value: &str) -> Result<(), StoreError> {
        let args = args![name, value, now_secs() as i64];
        self.db().execute(PUT, args).await?;
        Ok(())
    }
}
