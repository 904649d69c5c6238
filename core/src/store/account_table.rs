//! The `appcreds_accounts` table: linked accounts (Home Assistant's config entries), each with its
//! token encrypted and a version for compare-and-set.

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::{Map, Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::error::is_unique_violation;
use super::{Store, StoreError};
use crate::clock::now_secs;
use crate::random::random_id;
use crate::{AccountInputs, Token};

const TABLE: &str = "appcreds_accounts";
const TOKEN: &str = "token";
const COLUMNS: &str = "id, domain, title, auth_implementation, unique_id, token, status, version, created_at, updated_at, inputs";

/// Whether a linked account's token can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// The token works (or can be refreshed).
    Ok,
    /// The provider refused the token or its refresh: the user must link the account again.
    NeedsReauth,
}

impl AccountStatus {
    /// The stored form: `ok`, `needs_reauth`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Ok => "ok",
            AccountStatus::NeedsReauth => "needs_reauth",
        }
    }

    fn parse(text: &str) -> Option<AccountStatus> {
        match text {
            "ok" => Some(AccountStatus::Ok),
            "needs_reauth" => Some(AccountStatus::NeedsReauth),
            _ => None,
        }
    }
}

/// What the flow engine gives to create a linked account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// The integration's domain.
    pub domain: String,
    /// The display title.
    pub title: String,
    /// The credential's implementation key: its `auth_domain`, else its id.
    pub auth_implementation: String,
    /// The provider's id for the account, if the flow learnt one (for `already_configured`).
    pub unique_id: Option<String>,
    /// The token the flow obtained.
    pub token: Token,
}

/// A linked account: Home Assistant's config entry.
#[derive(Debug, Clone)]
pub struct LinkedAccount {
    /// A random id.
    pub id: String,
    /// The integration's domain.
    pub domain: String,
    /// The display title.
    pub title: String,
    /// The implementation key of the credential it uses.
    pub auth_implementation: String,
    /// The provider's id for the account.
    pub unique_id: Option<String>,
    /// Whether the token can be used.
    pub status: AccountStatus,
    /// Bumped by every change of the token, status, credential or inputs (not the title); pass it
    /// back to [`Store::update_token`].
    pub version: i64,
    /// The token (secrets never print).
    pub token: Token,
    /// The values of the integration's URL-template inputs this account was linked with.
    pub inputs: AccountInputs,
    /// Seconds since the Unix epoch.
    pub created_at: u64,
    /// Seconds since the Unix epoch.
    pub updated_at: u64,
}

/// An account named without its token: what "in use by" and "used by" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "http", derive(utoipa::ToSchema))]
pub struct AccountRef {
    /// The account's id.
    pub id: String,
    /// Its domain.
    pub domain: String,
    /// Its title.
    pub title: String,
}

/// The token as stored (before encryption): every field, `extra` kept verbatim.
fn encode_token(token: &Token) -> Vec<u8> {
    json!({
        "access_token": token.access_token.expose_secret(),
        "token_type": token.token_type,
        "refresh_token": token.refresh_token.as_ref().map(|t| t.expose_secret()),
        "expires_at": token.expires_at,
        "scope": token.scope,
        "extra": token.extra,
    })
    .to_string()
    .into_bytes()
}

fn decode_token(id: &str, bytes: &[u8]) -> Result<Token, StoreError> {
    let corrupt = |problem: String| StoreError::Corrupt {
        what: "token",
        id: id.to_owned(),
        problem,
    };
    let mut value: Map<String, Value> =
        serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
    let mut text = |key: &str| match value.remove(key) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    let access_token = text("access_token").ok_or_else(|| corrupt("no access_token".to_owned()))?;
    let token_type = text("token_type").unwrap_or_else(|| "Bearer".to_owned());
    let refresh_token = text("refresh_token").map(SecretString::from);
    let scope = text("scope");
    let expires_at = value.get("expires_at").and_then(Value::as_u64);
    let extra = match value.remove("extra") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    Ok(Token {
        access_token: SecretString::from(access_token),
        token_type,
        refresh_token,
        expires_at,
        scope,
        extra,
    })
}

fn inputs_json(inputs: &AccountInputs) -> String {
    serde_json::Value::from(
        inputs
            .iter()
            .map(|(name, value)| (name.clone(), Value::from(value.as_str())))
            .collect::<Map<String, Value>>(),
    )
    .to_string()
}

impl Store {
    fn account_from_row(&self, row: &AnyRow) -> Result<LinkedAccount, StoreError> {
        let id: String = row.try_get("id")?;
        let sealed: Vec<u8> = row.try_get("token")?;
        let token = decode_token(&id, &self.keys().open(TABLE, TOKEN, &id, &sealed)?)?;
        let status: String = row.try_get("status")?;
        let inputs: String = row.try_get("inputs")?;
        let inputs = serde_json::from_str(&inputs).map_err(|e| StoreError::Corrupt {
            what: "inputs",
            id: id.clone(),
            problem: e.to_string(),
        })?;
        Ok(LinkedAccount {
            inputs,
            status: AccountStatus::parse(&status).ok_or_else(|| StoreError::Corrupt {
                what: "status",
                id: id.clone(),
                problem: format!("unknown status `{status}`"),
            })?,
            domain: row.try_get("domain")?,
            title: row.try_get("title")?,
            auth_implementation: row.try_get("auth_implementation")?,
            unique_id: row.try_get("unique_id")?,
            version: row.try_get("version")?,
            token,
            created_at: row.try_get::<i64, _>("created_at")? as u64,
            updated_at: row.try_get::<i64, _>("updated_at")? as u64,
            id,
        })
    }

    /// Stores a new linked account (status `ok`, version 1, no inputs) under a random id.
    pub async fn create_account(&self, new: NewAccount) -> Result<LinkedAccount, StoreError> {
        self.create_account_with_inputs(new, AccountInputs::new())
            .await
    }

    /// Stores a new linked account with the values of its integration's URL-template inputs.
    pub async fn create_account_with_inputs(
        &self,
        new: NewAccount,
        inputs: AccountInputs,
    ) -> Result<LinkedAccount, StoreError> {
        let id = random_id();
        let now = now_secs();
        let sealed = self
            .keys()
            .seal(TABLE, TOKEN, &id, &encode_token(&new.token))?;
        let result = sqlx::query(
            "INSERT INTO appcreds_accounts
               (id, domain, title, auth_implementation, unique_id, token, status, version, created_at, updated_at, inputs)
             VALUES ($1, $2, $3, $4, $5, $6, 'ok', 1, $7, $7, $8)",
        )
        .bind(&id)
        .bind(&new.domain)
        .bind(&new.title)
        .bind(&new.auth_implementation)
        .bind(&new.unique_id)
        .bind(sealed)
        .bind(now as i64)
        .bind(inputs_json(&inputs))
        .execute(self.pool())
        .await;
        match result {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::Duplicate {
                    kind: "account",
                    id,
                });
            }
            Err(e) => return Err(e.into()),
        }
        Ok(LinkedAccount {
            id,
            domain: new.domain,
            title: new.title,
            auth_implementation: new.auth_implementation,
            unique_id: new.unique_id,
            status: AccountStatus::Ok,
            version: 1,
            token: new.token,
            inputs,
            created_at: now,
            updated_at: now,
        })
    }

    /// The linked account with this id.
    pub async fn account(&self, id: &str) -> Result<LinkedAccount, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {TABLE} WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("account", id))?;
        self.account_from_row(&row)
    }

    /// Every linked account, or those of one domain, oldest first.
    pub async fn accounts(&self, domain: Option<&str>) -> Result<Vec<LinkedAccount>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM {TABLE} WHERE ($1 IS NULL OR domain = $1) ORDER BY created_at, id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(domain)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| self.account_from_row(row))
            .collect()
    }

    /// Replaces the token if the account is still at `expected_version`, sets its status to `ok`
    /// and returns the new version. A stale writer gets [`StoreError::Conflict`].
    pub async fn update_token(
        &self,
        id: &str,
        expected_version: i64,
        token: &Token,
    ) -> Result<i64, StoreError> {
        let sealed = self.keys().seal(TABLE, TOKEN, id, &encode_token(token))?;
        let done = sqlx::query(
            "UPDATE appcreds_accounts SET token = $1, status = 'ok', version = version + 1, updated_at = $2
             WHERE id = $3 AND version = $4",
        )
        .bind(sealed)
        .bind(now_secs() as i64)
        .bind(id)
        .bind(expected_version)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 1 {
            return Ok(expected_version + 1);
        }
        let actual = self.account_version(id).await?;
        Err(StoreError::Conflict {
            id: id.to_owned(),
            expected: expected_version,
            actual,
        })
    }

    async fn account_version(&self, id: &str) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT version FROM appcreds_accounts WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("account", id))?;
        Ok(row.try_get("version")?)
    }

    /// Marks the account `needs_reauth` (the user must link it again); returns the new version.
    pub async fn mark_needs_reauth(&self, id: &str) -> Result<i64, StoreError> {
        self.bump_account(id, "status = 'needs_reauth'", None).await
    }

    /// Points the account at another credential's implementation key; returns the new version.
    pub(crate) async fn set_account_implementation(
        &self,
        id: &str,
        implementation: &str,
    ) -> Result<i64, StoreError> {
        self.bump_account(id, "auth_implementation = $3", Some(implementation))
            .await
    }

    /// Sets the account's display title. The version is left alone: it guards the token, which
    /// a title never races with (a refresh in flight still stores its token).
    pub(crate) async fn set_account_title(&self, id: &str, title: &str) -> Result<(), StoreError> {
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {TABLE} SET title = $3, updated_at = $1 WHERE id = $2"
        )))
        .bind(now_secs() as i64)
        .bind(id)
        .bind(title)
        .execute(self.pool())
        .await?;
        match done.rows_affected() {
            0 => Err(StoreError::not_found("account", id)),
            _ => Ok(()),
        }
    }

    /// Replaces the account's input values (a reauth flow may correct them); returns the new version.
    pub(crate) async fn set_account_inputs(
        &self,
        id: &str,
        inputs: &AccountInputs,
    ) -> Result<i64, StoreError> {
        self.bump_account(id, "inputs = $3", Some(&inputs_json(inputs)))
            .await
    }

    /// One unconditional change that bumps the version, in one statement.
    async fn bump_account(
        &self,
        id: &str,
        set: &'static str,
        value: Option<&str>,
    ) -> Result<i64, StoreError> {
        let sql = format!(
            "UPDATE {TABLE} SET {set}, version = version + 1, updated_at = $1 WHERE id = $2 RETURNING version"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now_secs() as i64)
            .bind(id);
        if let Some(value) = value {
            query = query.bind(value);
        }
        let row = query
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("account", id))?;
        Ok(row.try_get("version")?)
    }

    /// Deletes a linked account.
    pub async fn delete_account(&self, id: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM appcreds_accounts WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("account", id));
        }
        Ok(())
    }

    /// The accounts of `domain` whose `auth_implementation` is `implementation`.
    pub(crate) async fn accounts_using(
        &self,
        domain: &str,
        implementation: &str,
    ) -> Result<Vec<AccountRef>, StoreError> {
        sqlx::query(
            "SELECT id, domain, title FROM appcreds_accounts
             WHERE domain = $1 AND auth_implementation = $2 ORDER BY created_at, id",
        )
        .bind(domain)
        .bind(implementation)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(AccountRef {
                id: row.try_get("id")?,
                domain: row.try_get("domain")?,
                title: row.try_get("title")?,
            })
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_round_trip_keeps_extra() {
        let mut token = Token::bearer("at").expiring_in(std::time::Duration::from_secs(60));
        token.refresh_token = Some(SecretString::from("rt".to_owned()));
        token.scope = Some("a b".into());
        token.extra.insert("id_token".into(), "x.y.z".into());
        token.extra.insert("n".into(), 5.into());
        let back = decode_token("id", &encode_token(&token)).unwrap();
        assert_eq!(back.access_token.expose_secret(), "at");
        assert_eq!(back.refresh_token.unwrap().expose_secret(), "rt");
        assert_eq!(back.expires_at, token.expires_at);
        assert_eq!(back.scope.as_deref(), Some("a b"));
        assert_eq!(back.extra, token.extra);
        assert!(decode_token("id", b"{}").is_err());
    }
}
