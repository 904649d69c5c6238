//! The `appcreds_registered_clients` table: which application credentials appcreds registered
//! itself (RFC 7591), bound to the issuer that registered them, with the registration access token
//! (encrypted) and the client configuration URI (RFC 7592) the server gave. The credential itself
//! (client id, encrypted secret) is an ordinary row of `appcreds_credentials`; a row whose
//! credential was deleted is ignored.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use super::db::args;
use super::{Store, StoreError};
use crate::clock::now_secs;

const TABLE: &str = "appcreds_registered_clients";
const TOKEN: &str = "registration_access_token";

// The queries of this table, each written once for both databases.
const INSERT: &str = "INSERT INTO appcreds_registered_clients
    (id, issuer, registration_access_token, registration_client_uri, created_at)
    VALUES ($1, $2, $3, $4, $5)";
const SELECT_BY_ISSUER: &str =
    "SELECT r.id, r.issuer, r.registration_access_token, r.registration_client_uri
    FROM appcreds_registered_clients r JOIN appcreds_credentials c ON c.id = r.id
    WHERE r.issuer = $1 ORDER BY r.created_at, r.id";

/// A credential appcreds registered at an authorization server.
#[derive(Clone)]
pub struct RegisteredCredential {
    /// The application credential's id.
    pub credential_id: String,
    /// The issuer that registered the client: the credential is used only for this server.
    pub issuer: String,
    /// The token that manages the registration, when given (stored encrypted).
    pub registration_access_token: Option<SecretString>,
    /// Where the registration is managed, when given.
    pub registration_client_uri: Option<String>,
}

impl fmt::Debug for RegisteredCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisteredCredential")
            .field("credential_id", &self.credential_id)
            .field("issuer", &self.issuer)
            .field(
                "registration_access_token",
                &self
                    .registration_access_token
                    .as_ref()
                    .map(|_| "[redacted]"),
            )
            .field("registration_client_uri", &self.registration_client_uri)
            .finish()
    }
}

impl Store {
    /// Records that credential `registered.credential_id` was registered at `registered.issuer`.
    pub async fn insert_registered_credential(
        &self,
        registered: &RegisteredCredential,
    ) -> Result<(), StoreError> {
        let id = &registered.credential_id;
        let sealed = registered
            .registration_access_token
            .as_ref()
            .map(|t| {
                self.keys()
                    .seal(TABLE, TOKEN, id, t.expose_secret().as_bytes())
            })
            .transpose()?;
        let args = args![
            id,
            &registered.issuer,
            sealed,
            &registered.registration_client_uri,
            now_secs() as i64,
        ];
        self.db().execute(INSERT, args).await?;
        Ok(())
    }

    /// The credentials registered at `issuer` (oldest first), whose credential still exists.
    pub async fn registered_credentials(
        &self,
        issuer: &str,
    ) -> Result<Vec<RegisteredCredential>, StoreError> {
        let rows = self.db().query(SELECT_BY_ISSUER, args![issuer]).await?;
        rows.iter()
            .map(|row| {
                let id: String = row.get("id")?;
                let token = row
                    .get::<Option<Vec<u8>>>(TOKEN)?
                    .map(|sealed| {
                        let plain = self.keys().open(TABLE, TOKEN, &id, &sealed)?;
                        String::from_utf8(plain)
                            .map(SecretString::from)
                            .map_err(|_| StoreError::Corrupt {
                                what: TOKEN,
                                id: id.clone(),
                                problem: "not UTF-8".to_owned(),
                            })
                    })
                    .transpose()?;
                Ok(RegisteredCredential {
                    issuer: row.get("issuer")?,
                    registration_access_token: token,
                    registration_client_uri: row.get("registration_client_uri")?,
                    credential_id: id,
                })
            })
            .collect()
    }
}
