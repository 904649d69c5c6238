//! The `appcreds_credentials` table: application credentials, secrets encrypted.

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::account_table::AccountRef;
use super::error::is_unique_violation;
use super::{Store, StoreError};
use crate::clock::now_secs;

const TABLE: &str = "appcreds_credentials";
const SECRET: &str = "client_secret";
const COLUMNS: &str = "id, domain, client_id, name, auth_domain, created_at, updated_at";

/// A stored application credential: everything but the secret.
///
/// Linked accounts refer to it by [`ApplicationCredential::implementation`]: its `auth_domain`
/// when it has one (imported credentials), else its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationCredential {
    /// `slugify("<domain>.<client_id>")`.
    pub id: String,
    /// The integration's domain.
    pub domain: String,
    /// The OAuth client id.
    pub client_id: String,
    /// The display name.
    pub name: Option<String>,
    /// Set for imported credentials: what their accounts store as `auth_implementation`.
    pub auth_domain: Option<String>,
    /// When it was created, in seconds since the Unix epoch.
    #[serde(skip)]
    pub created_at: u64,
    /// When it last changed, in seconds since the Unix epoch.
    #[serde(skip)]
    pub updated_at: u64,
}

impl ApplicationCredential {
    /// What a linked account of this credential stores as `auth_implementation`.
    pub fn implementation(&self) -> &str {
        self.auth_domain.as_deref().unwrap_or(&self.id)
    }

    fn from_row(row: &AnyRow) -> Result<ApplicationCredential, StoreError> {
        Ok(ApplicationCredential {
            id: row.try_get("id")?,
            domain: row.try_get("domain")?,
            client_id: row.try_get("client_id")?,
            name: row.try_get("name")?,
            auth_domain: row.try_get("auth_domain")?,
            created_at: row.try_get::<i64, _>("created_at")? as u64,
            updated_at: row.try_get::<i64, _>("updated_at")? as u64,
        })
    }
}

/// How often a delete looks again when the credential changed under it.
const DELETE_ATTEMPTS: usize = 8;

/// What deleting a credential did.
#[derive(Debug)]
pub(crate) enum DeleteOutcome {
    Deleted(ApplicationCredential),
    NotFound,
    InUse(Vec<AccountRef>),
}

impl Store {
    /// Inserts a credential; a taken id (or implementation key in its domain) is `Duplicate`.
    pub(crate) async fn insert_credential(
        &self,
        credential: &ApplicationCredential,
        secret: &SecretString,
    ) -> Result<(), StoreError> {
        let sealed = self.keys().seal(
            TABLE,
            SECRET,
            &credential.id,
            secret.expose_secret().as_bytes(),
        )?;
        let result = sqlx::query(
            "INSERT INTO appcreds_credentials
               (id, domain, client_id, client_secret, name, auth_domain, implementation, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&credential.id)
        .bind(&credential.domain)
        .bind(&credential.client_id)
        .bind(sealed)
        .bind(&credential.name)
        .bind(&credential.auth_domain)
        .bind(credential.implementation())
        .bind(credential.created_at as i64)
        .bind(credential.updated_at as i64)
        .execute(self.pool())
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(StoreError::Duplicate {
                kind: "credential",
                id: credential.id.clone(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// The credential with this id.
    pub(crate) async fn credential(
        &self,
        id: &str,
    ) -> Result<Option<ApplicationCredential>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {TABLE} WHERE id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(ApplicationCredential::from_row)
            .transpose()
    }

    /// Every credential, or those of one domain, sorted by id.
    pub(crate) async fn credentials(
        &self,
        domain: Option<&str>,
    ) -> Result<Vec<ApplicationCredential>, StoreError> {
        let sql =
            format!("SELECT {COLUMNS} FROM {TABLE} WHERE ($1 IS NULL OR domain = $1) ORDER BY id");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(domain)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(ApplicationCredential::from_row)
            .collect()
    }

    /// The decrypted secret of a credential.
    pub(crate) async fn credential_secret(&self, id: &str) -> Result<SecretString, StoreError> {
        let row = sqlx::query("SELECT client_secret FROM appcreds_credentials WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("credential", id))?;
        let sealed: Vec<u8> = row.try_get("client_secret")?;
        let plain = self.keys().open(TABLE, SECRET, id, &sealed)?;
        let text = String::from_utf8(plain).map_err(|_| StoreError::Corrupt {
            what: "client_secret",
            id: id.to_owned(),
            problem: "not UTF-8".to_owned(),
        })?;
        Ok(SecretString::from(text))
    }

    /// Changes the name (`Some(None)` clears it) and/or the secret, in one statement.
    pub(crate) async fn update_credential(
        &self,
        id: &str,
        name: Option<Option<&str>>,
        secret: Option<&SecretString>,
    ) -> Result<ApplicationCredential, StoreError> {
        let sealed = secret
            .map(|s| {
                self.keys()
                    .seal(TABLE, SECRET, id, s.expose_secret().as_bytes())
            })
            .transpose()?;
        let done = sqlx::query(
            "UPDATE appcreds_credentials SET
               name = CASE WHEN $1 = 1 THEN $2 ELSE name END,
               client_secret = COALESCE($3, client_secret),
               updated_at = $4
             WHERE id = $5",
        )
        .bind(i64::from(name.is_some()))
        .bind(name.flatten())
        .bind(sealed)
        .bind(now_secs() as i64)
        .bind(id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("credential", id));
        }
        self.credential(id)
            .await?
            .ok_or_else(|| StoreError::not_found("credential", id))
    }

    /// Deletes a credential unless a linked account uses it; the check and the delete are one
    /// statement.
    pub(crate) async fn delete_credential_unless_used(
        &self,
        id: &str,
    ) -> Result<DeleteOutcome, StoreError> {
        // A credential deleted and created again between our statements looks "in use by nobody":
        // that is a race, never an answer; look again (a handful of times is plenty).
        for _ in 0..DELETE_ATTEMPTS {
            let Some(credential) = self.credential(id).await? else {
                return Ok(DeleteOutcome::NotFound);
            };
            let done = sqlx::query(
                "DELETE FROM appcreds_credentials WHERE id = $1 AND NOT EXISTS (
                   SELECT 1 FROM appcreds_accounts a
                   WHERE a.domain = appcreds_credentials.domain
                     AND a.auth_implementation = appcreds_credentials.implementation)",
            )
            .bind(id)
            .execute(self.pool())
            .await?;
            if done.rows_affected() == 1 {
                return Ok(DeleteOutcome::Deleted(credential));
            }
            let Some(credential) = self.credential(id).await? else {
                return Ok(DeleteOutcome::NotFound);
            };
            let users = self
                .accounts_using(&credential.domain, credential.implementation())
                .await?;
            if !users.is_empty() {
                return Ok(DeleteOutcome::InUse(users));
            }
        }
        Err(StoreError::Contended {
            what: "deleting an application credential that is being created and deleted at the same time",
        })
    }
}
