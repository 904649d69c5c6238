//! The `appcreds_accounts` table: linked accounts (Home Assistant's config entries), each with its
//! token encrypted and a version for compare-and-set.

use std::borrow::Cow;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::db::{Conn, Row, args};
use super::{Store, StoreError};
use crate::clock::now_secs;
use crate::random::random_id;
use crate::{AccountInputs, Token};

const TABLE: &str = "appcreds_accounts";
const TOKEN: &str = "token";

// The queries of this table, each written once for both databases.
const SELECT_ONE: &str = "SELECT id, domain, title, auth_implementation, unique_id, token, status, version, created_at, updated_at, inputs
    FROM appcreds_accounts WHERE id = $1";
const SELECT_ALL: &str = "SELECT id, domain, title, auth_implementation, unique_id, token, status, version, created_at, updated_at, inputs
    FROM appcreds_accounts WHERE ($1 IS NULL OR domain = $1) ORDER BY created_at, id";
const SELECT_INFOS: &str = "SELECT a.id, a.domain, a.title, a.auth_implementation, a.unique_id, a.status, a.version,
      a.token_expires_at, a.token_refreshable, a.created_at, a.updated_at, c.id AS credential_id
    FROM appcreds_accounts a
    LEFT JOIN appcreds_credentials c ON c.domain = a.domain AND c.implementation = a.auth_implementation
    WHERE ($1 IS NULL OR a.domain = $1) ORDER BY a.created_at, a.id";
const SELECT_REFS_USING: &str = "SELECT id, domain, title FROM appcreds_accounts
    WHERE domain = $1 AND auth_implementation = $2 ORDER BY created_at, id";
const SELECT_USES: &str = "SELECT id, domain, title, auth_implementation FROM appcreds_accounts
    ORDER BY created_at, id";
const SELECT_VERSION: &str = "SELECT version FROM appcreds_accounts WHERE id = $1";
const UNIQUE_ID_TAKEN: &str =
    "SELECT id FROM appcreds_accounts WHERE domain = $1 AND unique_id = $2 LIMIT 1";
const INSERT: &str = "INSERT INTO appcreds_accounts
    (id, domain, title, auth_implementation, unique_id, token, token_expires_at, token_refreshable, status, version, created_at, updated_at, inputs)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ok', 1, $9, $9, $10)";
const UPDATE_TOKEN: &str = "UPDATE appcreds_accounts
    SET token = $1, token_expires_at = $2, token_refreshable = $3, status = 'ok', version = version + 1, updated_at = $4
    WHERE id = $5 AND version = $6";
const REAUTHORIZE: &str = "UPDATE appcreds_accounts
    SET auth_implementation = $1, inputs = $2, token = $3, token_expires_at = $4, token_refreshable = $5,
      status = 'ok', version = version + 1, updated_at = $6
    WHERE id = $7";
const MARK_NEEDS_REAUTH: &str = "UPDATE appcreds_accounts
    SET status = 'needs_reauth', version = version + 1, updated_at = $1 WHERE id = $2 RETURNING version";
const SET_IMPLEMENTATION: &str = "UPDATE appcreds_accounts
    SET auth_implementation = $3, version = version + 1, updated_at = $1 WHERE id = $2 RETURNING version";
const SET_TITLE: &str = "UPDATE appcreds_accounts SET title = $3, updated_at = $1 WHERE id = $2";
const DELETE: &str = "DELETE FROM appcreds_accounts WHERE id = $1";
const MISSING_METADATA: &str =
    "SELECT id, token FROM appcreds_accounts WHERE token_refreshable IS NULL";
const SET_METADATA: &str =
    "UPDATE appcreds_accounts SET token_expires_at = $1, token_refreshable = $2
    WHERE id = $3 AND token = $4";

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
    /// The values of the integration's URL-template inputs it is linked with (often none).
    pub inputs: AccountInputs,
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

/// A linked account as listings read it: plain columns only, its token neither read nor
/// decrypted (its expiry and whether it can be refreshed are kept beside it in the clear).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
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
    /// Bumped by every change.
    pub version: i64,
    /// When the access token expires (seconds since the Unix epoch), if known.
    pub expires_at: Option<u64>,
    /// Whether a refresh token is stored.
    pub refreshable: bool,
    /// The id of the credential it uses, if that still exists.
    pub credential_id: Option<String>,
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

/// A token as stored (then encrypted): every field, `extra` kept verbatim.
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredToken<'a> {
    access_token: Cow<'a, str>,
    #[serde(default = "bearer")]
    token_type: Cow<'a, str>,
    #[serde(default)]
    refresh_token: Option<Cow<'a, str>>,
    #[serde(default)]
    expires_at: Option<u64>,
    #[serde(default)]
    scope: Option<Cow<'a, str>>,
    #[serde(default)]
    extra: Cow<'a, Map<String, Value>>,
}

fn bearer() -> Cow<'static, str> {
    Cow::Borrowed("Bearer")
}

impl StoredToken<'_> {
    /// The stored bytes of `token` (before encryption).
    pub(crate) fn encode(token: &Token) -> Vec<u8> {
        let stored = StoredToken {
            access_token: Cow::Borrowed(token.access_token.expose_secret()),
            token_type: Cow::Borrowed(&token.token_type),
            refresh_token: token
                .refresh_token
                .as_ref()
                .map(|t| Cow::Borrowed(t.expose_secret())),
            expires_at: token.expires_at,
            scope: token.scope.as_deref().map(Cow::Borrowed),
            extra: Cow::Borrowed(&token.extra),
        };
        // A struct of strings, numbers and a JSON map always serialises.
        serde_json::to_vec(&stored).unwrap_or_default()
    }

    /// The token stored in `bytes` (decrypted) of account `id`.
    pub(crate) fn decode(id: &str, bytes: &[u8]) -> Result<Token, StoreError> {
        let stored: StoredToken<'_> =
            serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
                what: "token",
                id: id.to_owned(),
                problem: e.to_string(),
            })?;
        Ok(Token {
            access_token: SecretString::from(stored.access_token.into_owned()),
            token_type: stored.token_type.into_owned(),
            refresh_token: stored
                .refresh_token
                .map(|t| SecretString::from(t.into_owned())),
            expires_at: stored.expires_at,
            scope: stored.scope.map(Cow::into_owned),
            extra: stored.extra.into_owned(),
        })
    }
}

/// What the plain columns say of a token: its expiry and whether it can be refreshed.
fn token_metadata(token: &Token) -> (Option<i64>, i64) {
    (
        token.expires_at.map(|at| at as i64),
        i64::from(token.refresh_token.is_some()),
    )
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

fn status_of(id: &str, row: &Row) -> Result<AccountStatus, StoreError> {
    let status: String = row.get("status")?;
    AccountStatus::parse(&status).ok_or_else(|| StoreError::Corrupt {
        what: "status",
        id: id.to_owned(),
        problem: format!("unknown status `{status}`"),
    })
}

impl AccountInfo {
    fn from_row(row: &Row) -> Result<AccountInfo, StoreError> {
        let id: String = row.get("id")?;
        Ok(AccountInfo {
            status: status_of(&id, row)?,
            domain: row.get("domain")?,
            title: row.get("title")?,
            auth_implementation: row.get("auth_implementation")?,
            unique_id: row.get("unique_id")?,
            version: row.get("version")?,
            expires_at: row
                .get::<Option<i64>>("token_expires_at")?
                .map(|at| at as u64),
            refreshable: row.get::<Option<i64>>("token_refreshable")? == Some(1),
            credential_id: row.get("credential_id")?,
            created_at: row.get::<i64>("created_at")? as u64,
            updated_at: row.get::<i64>("updated_at")? as u64,
            id,
        })
    }
}

impl AccountRef {
    pub(crate) fn from_row(row: &Row) -> Result<AccountRef, StoreError> {
        Ok(AccountRef {
            id: row.get("id")?,
            domain: row.get("domain")?,
            title: row.get("title")?,
        })
    }
}

/// Step: inserts a new account row (status `ok`, version 1); a taken id is `Duplicate`.
pub(crate) async fn insert(
    c: &mut dyn Conn,
    account: &LinkedAccount,
    sealed_token: Vec<u8>,
) -> Result<(), StoreError> {
    let (expires_at, refreshable) = token_metadata(&account.token);
    c.execute(
        INSERT,
        args![
            &account.id,
            &account.domain,
            &account.title,
            &account.auth_implementation,
            &account.unique_id,
            sealed_token,
            expires_at,
            refreshable,
            account.created_at as i64,
            inputs_json(&account.inputs),
        ],
    )
    .await
    .map_err(StoreError::duplicate_of("account", &account.id))?;
    Ok(())
}

/// Step: whether an account of `domain` already has the provider's id `unique_id`.
pub(crate) async fn unique_id_taken(
    c: &mut dyn Conn,
    domain: &str,
    unique_id: &str,
) -> Result<bool, StoreError> {
    Ok(c.query_opt(UNIQUE_ID_TAKEN, args![domain, unique_id])
        .await?
        .is_some())
}

/// Step: replaces the token if the account is still at `expected_version` (compare-and-set),
/// sets its status to `ok`; returns the new version, or `Conflict` naming the version found.
pub(crate) async fn update_token(
    c: &mut dyn Conn,
    id: &str,
    expected_version: i64,
    token: &Token,
    sealed_token: Vec<u8>,
) -> Result<i64, StoreError> {
    let (expires_at, refreshable) = token_metadata(token);
    let changed = c
        .execute(
            UPDATE_TOKEN,
            args![
                sealed_token,
                expires_at,
                refreshable,
                now_secs() as i64,
                id,
                expected_version
            ],
        )
        .await?;
    if changed == 1 {
        return Ok(expected_version + 1);
    }
    let actual = c
        .query_opt(SELECT_VERSION, args![id])
        .await?
        .ok_or_else(|| StoreError::not_found("account", id))?
        .get("version")?;
    Err(StoreError::Conflict {
        id: id.to_owned(),
        expected: expected_version,
        actual,
    })
}

/// Step: a reauthorized account's new token, credential and input values, whatever its version.
pub(crate) async fn reauthorize(
    c: &mut dyn Conn,
    id: &str,
    implementation: &str,
    inputs: &AccountInputs,
    token: &Token,
    sealed_token: Vec<u8>,
) -> Result<(), StoreError> {
    let (expires_at, refreshable) = token_metadata(token);
    let args = args![
        implementation,
        inputs_json(inputs),
        sealed_token,
        expires_at,
        refreshable,
        now_secs() as i64,
        id
    ];
    match c.execute(REAUTHORIZE, args).await? {
        0 => Err(StoreError::not_found("account", id)),
        _ => Ok(()),
    }
}

/// Step: one change that bumps the version (`sql` sets a column to `$3` and returns `version`).
async fn bump(
    c: &mut dyn Conn,
    sql: &'static str,
    id: &str,
    value: Option<String>,
) -> Result<i64, StoreError> {
    let mut args = args![now_secs() as i64, id];
    if let Some(value) = value {
        args.extend(args![value]);
    }
    c.query_opt(sql, args)
        .await?
        .ok_or_else(|| StoreError::not_found("account", id))?
        .get("version")
}

impl Store {
    fn account_from_row(&self, row: &Row) -> Result<LinkedAccount, StoreError> {
        let id: String = row.get("id")?;
        let sealed: Vec<u8> = row.get("token")?;
        let token = StoredToken::decode(&id, &self.keys().open(TABLE, TOKEN, &id, &sealed)?)?;
        let inputs: String = row.get("inputs")?;
        let inputs = serde_json::from_str(&inputs).map_err(|e| StoreError::Corrupt {
            what: "inputs",
            id: id.clone(),
            problem: e.to_string(),
        })?;
        Ok(LinkedAccount {
            inputs,
            status: status_of(&id, row)?,
            domain: row.get("domain")?,
            title: row.get("title")?,
            auth_implementation: row.get("auth_implementation")?,
            unique_id: row.get("unique_id")?,
            version: row.get("version")?,
            token,
            created_at: row.get::<i64>("created_at")? as u64,
            updated_at: row.get::<i64>("updated_at")? as u64,
            id,
        })
    }

    /// The encrypted form of account `id`'s token.
    pub(crate) fn seal_token(&self, id: &str, token: &Token) -> Result<Vec<u8>, StoreError> {
        self.keys()
            .seal(TABLE, TOKEN, id, &StoredToken::encode(token))
    }

    /// The account `new` describes, under a new random id, before it is stored.
    pub(crate) fn new_account(new: NewAccount) -> LinkedAccount {
        let now = now_secs();
        LinkedAccount {
            id: random_id(),
            domain: new.domain,
            title: new.title,
            auth_implementation: new.auth_implementation,
            unique_id: new.unique_id,
            status: AccountStatus::Ok,
            version: 1,
            token: new.token,
            inputs: new.inputs,
            created_at: now,
            updated_at: now,
        }
    }

    /// Stores a new linked account (status `ok`, version 1) under a random id, in one durable
    /// commit.
    pub async fn create_account(&self, new: NewAccount) -> Result<LinkedAccount, StoreError> {
        let account = Store::new_account(new);
        let sealed = self.seal_token(&account.id, &account.token)?;
        let stored = account.clone();
        self.db()
            .write(move |c| Box::pin(async move { insert(c, &stored, sealed).await }))
            .await?;
        Ok(account)
    }

    /// The linked account with this id, its token decrypted.
    pub async fn account(&self, id: &str) -> Result<LinkedAccount, StoreError> {
        let row = self
            .db()
            .query_opt(SELECT_ONE, args![id])
            .await?
            .ok_or_else(|| StoreError::not_found("account", id))?;
        self.account_from_row(&row)
    }

    /// Every linked account, or those of one domain, oldest first, tokens decrypted. Listings
    /// use [`Store::account_infos`], which decrypts nothing.
    pub async fn accounts(&self, domain: Option<&str>) -> Result<Vec<LinkedAccount>, StoreError> {
        self.db()
            .query(SELECT_ALL, args![domain])
            .await?
            .iter()
            .map(|row| self.account_from_row(row))
            .collect()
    }

    /// Every linked account, or those of one domain, oldest first, without their tokens.
    pub async fn account_infos(
        &self,
        domain: Option<&str>,
    ) -> Result<Vec<AccountInfo>, StoreError> {
        self.db()
            .query(SELECT_INFOS, args![domain])
            .await?
            .iter()
            .map(AccountInfo::from_row)
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
        let sealed = self.seal_token(id, token)?;
        let (id, token) = (id.to_owned(), token.clone());
        self.db()
            .write(move |c| {
                Box::pin(
                    async move { update_token(c, &id, expected_version, &token, sealed).await },
                )
            })
            .await
    }

    /// Marks the account `needs_reauth` (the user must link it again); returns the new version.
    pub async fn mark_needs_reauth(&self, id: &str) -> Result<i64, StoreError> {
        self.bump_account(MARK_NEEDS_REAUTH, id, None).await
    }

    /// Points the account at another credential's implementation key; returns the new version.
    pub(crate) async fn set_account_implementation(
        &self,
        id: &str,
        implementation: &str,
    ) -> Result<i64, StoreError> {
        self.bump_account(SET_IMPLEMENTATION, id, Some(implementation.to_owned()))
            .await
    }

    /// Sets the account's display title. The version is left alone: it guards the token, which
    /// a title never races with (a refresh in flight still stores its token).
    pub(crate) async fn set_account_title(&self, id: &str, title: &str) -> Result<(), StoreError> {
        let args = args![now_secs() as i64, id, title];
        match self.db().execute(SET_TITLE, args).await? {
            0 => Err(StoreError::not_found("account", id)),
            _ => Ok(()),
        }
    }

    async fn bump_account(
        &self,
        sql: &'static str,
        id: &str,
        value: Option<String>,
    ) -> Result<i64, StoreError> {
        let id = id.to_owned();
        self.db()
            .write(move |c| Box::pin(async move { bump(c, sql, &id, value).await }))
            .await
    }

    /// Deletes a linked account.
    pub async fn delete_account(&self, id: &str) -> Result<(), StoreError> {
        if self.db().execute(DELETE, args![id]).await? == 0 {
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
        self.db()
            .query(SELECT_REFS_USING, args![domain, implementation])
            .await?
            .iter()
            .map(AccountRef::from_row)
            .collect()
    }

    /// Every account, named, with the implementation key of the credential it uses: what "used
    /// by" lists (no token read).
    pub(crate) async fn account_uses(&self) -> Result<Vec<(String, AccountRef)>, StoreError> {
        self.db()
            .query(SELECT_USES, args![])
            .await?
            .iter()
            .map(|row| Ok((row.get("auth_implementation")?, AccountRef::from_row(row)?)))
            .collect()
    }

    /// Fills the plain token columns of accounts stored before they existed (migration 6): each
    /// such token is decrypted once, here, at start-up.
    pub(crate) async fn fill_token_metadata(&self) -> Result<(), StoreError> {
        let rows = self.db().query(MISSING_METADATA, args![]).await?;
        let mut updates = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: String = row.get("id")?;
            let sealed: Vec<u8> = row.get("token")?;
            let token = StoredToken::decode(&id, &self.keys().open(TABLE, TOKEN, &id, &sealed)?)?;
            let (expires_at, refreshable) = token_metadata(&token);
            updates.push(args![expires_at, refreshable, id, sealed]);
        }
        if updates.is_empty() {
            return Ok(());
        }
        tracing::info!(accounts = updates.len(), "filled the plain token columns");
        self.db()
            .write(move |c| {
                Box::pin(async move {
                    for args in updates {
                        c.execute(SET_METADATA, args).await?;
                    }
                    Ok(())
                })
            })
            .await
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
        let back = StoredToken::decode("id", &StoredToken::encode(&token)).unwrap();
        assert_eq!(back.access_token.expose_secret(), "at");
        assert_eq!(back.refresh_token.unwrap().expose_secret(), "rt");
        assert_eq!(back.expires_at, token.expires_at);
        assert_eq!(back.scope.as_deref(), Some("a b"));
        assert_eq!(back.extra, token.extra);
        assert!(StoredToken::decode("id", b"{}").is_err());
        let minimal = StoredToken::decode("id", br#"{"access_token":"a","refresh_token":null}"#);
        assert_eq!(minimal.unwrap().token_type, "Bearer");
    }
}
