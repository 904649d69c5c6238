//! The `appcreds_credentials` table: application credentials, secrets encrypted.

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::account_table::AccountRef;
use super::db::{Conn, Row, args};
use super::{Store, StoreError};
use crate::clock::now_secs;

const TABLE: &str = "appcreds_credentials";
const SECRET: &str = "client_secret";

// The queries of this table, each written once for both databases.
const SELECT_ONE: &str =
    "SELECT id, domain, client_id, name, auth_domain, bound_issuer, created_at, updated_at
    FROM appcreds_credentials WHERE id = $1";
const SELECT_ALL: &str =
    "SELECT id, domain, client_id, name, auth_domain, bound_issuer, created_at, updated_at
    FROM appcreds_credentials WHERE ($1 IS NULL OR domain = $1) ORDER BY id";
const SELECT_BY_IMPLEMENTATION: &str =
    "SELECT id, domain, client_id, name, auth_domain, bound_issuer, created_at, updated_at
    FROM appcreds_credentials WHERE domain = $1 AND implementation = $2";
const BIND_ISSUER: &str =
    "UPDATE appcreds_credentials SET bound_issuer = $1 WHERE id = $2 AND bound_issuer IS NULL";
const SELECT_SECRET: &str = "SELECT client_secret FROM appcreds_credentials WHERE id = $1";
const INSERT: &str = "INSERT INTO appcreds_credentials
    (id, domain, client_id, client_secret, name, auth_domain, implementation, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
const UPDATE: &str = "UPDATE appcreds_credentials SET
    name = CASE WHEN $1 = 1 THEN $2 ELSE name END,
    client_secret = COALESCE($3, client_secret),
    updated_at = $4
    WHERE id = $5";
const DELETE_UNLESS_USED: &str = "DELETE FROM appcreds_credentials WHERE id = $1 AND NOT EXISTS (
    SELECT 1 FROM appcreds_accounts a
    WHERE a.domain = appcreds_credentials.domain
      AND a.auth_implementation = appcreds_credentials.implementation)";
const SELECT_USERS: &str = "SELECT a.id, a.domain, a.title FROM appcreds_accounts a
    JOIN appcreds_credentials c ON a.domain = c.domain AND a.auth_implementation = c.implementation
    WHERE c.id = $1 ORDER BY a.created_at, a.id";

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
    /// For an integration whose server is discovered at run time (`url_input`, such as MCP's
    /// `server_url`): the issuer the credential was first used with. Its secret is sent to no
    /// other authorization server.
    #[serde(skip)]
    pub bound_issuer: Option<String>,
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

    fn from_row(row: &Row) -> Result<ApplicationCredential, StoreError> {
        Ok(ApplicationCredential {
            id: row.get("id")?,
            domain: row.get("domain")?,
            client_id: row.get("client_id")?,
            name: row.get("name")?,
            auth_domain: row.get("auth_domain")?,
            bound_issuer: row.get("bound_issuer")?,
            created_at: row.get::<i64>("created_at")? as u64,
            updated_at: row.get::<i64>("updated_at")? as u64,
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

/// Step: the credential with this id.
async fn select_one(
    c: &mut dyn Conn,
    id: &str,
) -> Result<Option<ApplicationCredential>, StoreError> {
    c.query_opt(SELECT_ONE, args![id])
        .await?
        .as_ref()
        .map(ApplicationCredential::from_row)
        .transpose()
}

/// Step: deletes a credential unless an account uses it.
async fn delete_unless_used(c: &mut dyn Conn, id: &str) -> Result<DeleteOutcome, StoreError> {
    let Some(credential) = select_one(c, id).await? else {
        return Ok(DeleteOutcome::NotFound);
    };
    if c.execute(DELETE_UNLESS_USED, args![id]).await? == 1 {
        return Ok(DeleteOutcome::Deleted(credential));
    }
    let users = c.query(SELECT_USERS, args![id]).await?;
    Ok(DeleteOutcome::InUse(
        users
            .iter()
            .map(AccountRef::from_row)
            .collect::<Result<_, _>>()?,
    ))
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
        let args = args![
            &credential.id,
            &credential.domain,
            &credential.client_id,
            sealed,
            &credential.name,
            &credential.auth_domain,
            credential.implementation(),
            credential.created_at as i64,
            credential.updated_at as i64,
        ];
        self.db()
            .execute(INSERT, args)
            .await
            .map_err(StoreError::duplicate_of("credential", &credential.id))?;
        Ok(())
    }

    /// Binds the credential to `issuer` unless it is bound already; the issuer it is bound to
    /// afterwards (`issuer`, or the one another caller bound first). `None` when the credential is
    /// gone.
    pub(crate) async fn bind_credential_issuer(
        &self,
        id: &str,
        issuer: &str,
    ) -> Result<Option<String>, StoreError> {
        self.db().execute(BIND_ISSUER, args![issuer, id]).await?;
        Ok(self
            .credential(id)
            .await?
            .and_then(|credential| credential.bound_issuer))
    }

    /// The credential with this id.
    pub(crate) async fn credential(
        &self,
        id: &str,
    ) -> Result<Option<ApplicationCredential>, StoreError> {
        self.db()
            .query_opt(SELECT_ONE, args![id])
            .await?
            .as_ref()
            .map(ApplicationCredential::from_row)
            .transpose()
    }

    /// The credential of `domain` whose implementation key is `implementation`: the one its
    /// accounts with that `auth_implementation` use.
    pub(crate) async fn credential_by_implementation(
        &self,
        domain: &str,
        implementation: &str,
    ) -> Result<Option<ApplicationCredential>, StoreError> {
        self.db()
            .query_opt(SELECT_BY_IMPLEMENTATION, args![domain, implementation])
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
        self.db()
            .query(SELECT_ALL, args![domain])
            .await?
            .iter()
            .map(ApplicationCredential::from_row)
            .collect()
    }

    /// The decrypted secret of a credential.
    pub(crate) async fn credential_secret(&self, id: &str) -> Result<SecretString, StoreError> {
        let row = self
            .db()
            .query_opt(SELECT_SECRET, args![id])
            .await?
            .ok_or_else(|| StoreError::not_found("credential", id))?;
        let sealed: Vec<u8> = row.get("client_secret")?;
        let plain = self.keys().open(TABLE, SECRET, id, &sealed)?;
        let text = String::from_utf8(plain).map_err(|_| StoreError::Corrupt {
            what: "client_secret",
            id: id.to_owned(),
            problem: "not UTF-8".to_owned(),
        })?;
        Ok(SecretString::from(text))
    }

    /// Changes the name (`Some(None)` clears it) and/or the secret, in one commit.
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
        let args = args![
            i64::from(name.is_some()),
            name.flatten(),
            sealed,
            now_secs() as i64,
            id,
        ];
        let id = id.to_owned();
        self.db()
            .write(move |c| {
                Box::pin(async move {
                    if c.execute(UPDATE, args).await? == 0 {
                        return Err(StoreError::not_found("credential", &id));
                    }
                    select_one(c, &id)
                        .await?
                        .ok_or_else(|| StoreError::not_found("credential", &id))
                })
            })
            .await
    }

    /// Deletes a credential unless a linked account uses it; the check and the delete are one
    /// statement, in one commit with what it reports.
    pub(crate) async fn delete_credential_unless_used(
        &self,
        id: &str,
    ) -> Result<DeleteOutcome, StoreError> {
        // On PostgreSQL a credential deleted and created again between the statements of one
        // transaction looks "in use by nobody": that is a race, never an answer; look again (a
        // handful of times is plenty).
        for _ in 0..DELETE_ATTEMPTS {
            let id = id.to_owned();
            let outcome = self
                .db()
                .write(move |c| Box::pin(async move { delete_unless_used(c, &id).await }))
                .await?;
            match outcome {
                DeleteOutcome::InUse(users) if users.is_empty() => continue,
                outcome => return Ok(outcome),
            }
        }
        Err(StoreError::Contended {
            what: "deleting an application credential that is being created and deleted at the same time",
        })
    }
}
