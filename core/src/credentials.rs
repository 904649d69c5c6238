//! [`Credentials`]: the application-credential management service behind the HTTP API and the
//! CLI, with Home Assistant's semantics and what its users asked for (rename, rotate, move an
//! account, "used by", deletes that protect imported credentials too).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};
use thiserror::Error;

use crate::clock::now_secs;
use serde::Serialize;

use crate::store::{AccountRef, ApplicationCredential, DeleteOutcome, Store, StoreError};
use crate::{ClientCredential, Registry};

/// The name of imported credentials that were given none.
pub const DEFAULT_IMPORT_NAME: &str = "Import from configuration";
/// The configuration file imported at start-up, in the data directory.
pub const CONFIG_FILE_NAME: &str = "appcreds.toml";
/// The longest client id accepted, in bytes.
pub const MAX_CLIENT_ID_LEN: usize = 255;
/// The longest client secret accepted, in bytes.
pub const MAX_CLIENT_SECRET_LEN: usize = 4096;
/// The longest name accepted, in characters.
pub const MAX_NAME_LEN: usize = 100;

/// An application credential as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "http", derive(utoipa::ToSchema))]
pub struct CredentialItem {
    /// `slugify("<domain>.<client_id>")`.
    pub id: String,
    /// The integration.
    pub domain: String,
    /// The OAuth client id.
    pub client_id: String,
    /// The display name.
    pub name: Option<String>,
    /// Set for imported credentials.
    pub auth_domain: Option<String>,
    /// The linked accounts that use it.
    pub used_by: Vec<AccountRef>,
}

impl CredentialItem {
    /// The item of `credential`, used by `used_by`.
    pub fn new(credential: &ApplicationCredential, used_by: Vec<AccountRef>) -> Self {
        CredentialItem {
            id: credential.id.clone(),
            domain: credential.domain.clone(),
            client_id: credential.client_id.clone(),
            name: credential.name.clone(),
            auth_domain: credential.auth_domain.clone(),
            used_by,
        }
    }
}

/// A credential-management failure. Each has a machine [`code`](CredentialError::code); messages
/// say what to do and never contain a secret.
#[derive(Debug, Error)]
pub enum CredentialError {
    /// The input is not acceptable (`invalid_format`).
    #[error("{message}")]
    InvalidFormat {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// No such credential or account (`not_found`).
    #[error("unable to find {kind} `{id}`; list them to see the ids that exist")]
    NotFound {
        /// `application credential` or `linked account`.
        kind: &'static str,
        /// The id asked for.
        id: String,
    },
    /// The credential exists already (`duplicate`).
    #[error(
        "an application credential `{id}` already exists (same domain and client id, or an import with the same auth_domain); use it, rotate its secret, or delete it first"
    )]
    Duplicate {
        /// The id that is taken.
        id: String,
    },
    /// Linked accounts use the credential (`in_use`).
    #[error(
        "application credential `{id}` is in use by {}; remove those accounts or move them to another credential first",
        describe_accounts(.accounts)
    )]
    InUse {
        /// The credential.
        id: String,
        /// The accounts that use it.
        accounts: Vec<AccountRef>,
    },
    /// The configuration file is wrong (`invalid_config`).
    #[error("{}: {message}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong, without values.
        message: String,
    },
    /// The store failed (`store_error`).
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn describe_accounts(accounts: &[AccountRef]) -> String {
    let names: Vec<String> = accounts
        .iter()
        .map(|a| format!("`{}` ({})", a.title, a.id))
        .collect();
    format!("linked account(s) {}", names.join(", "))
}

impl CredentialError {
    /// The machine code: `invalid_format`, `not_found`, `duplicate`, `in_use`, `invalid_config`,
    /// `store_error`.
    pub fn code(&self) -> &'static str {
        match self {
            CredentialError::InvalidFormat { .. } => "invalid_format",
            CredentialError::NotFound { .. } => "not_found",
            CredentialError::Duplicate { .. } => "duplicate",
            CredentialError::InUse { .. } => "in_use",
            CredentialError::Config { .. } => "invalid_config",
            CredentialError::Store(_) => "store_error",
        }
    }

    fn invalid(message: impl Into<String>) -> CredentialError {
        CredentialError::InvalidFormat {
            message: message.into(),
        }
    }

    fn not_found(id: &str) -> CredentialError {
        CredentialError::NotFound {
            kind: "application credential",
            id: id.to_owned(),
        }
    }

    fn from_store(error: StoreError) -> CredentialError {
        match error {
            StoreError::Duplicate { id, .. } => CredentialError::Duplicate { id },
            StoreError::NotFound {
                kind: "account",
                id,
            } => CredentialError::NotFound {
                kind: "linked account",
                id,
            },
            StoreError::NotFound { id, .. } => CredentialError::not_found(&id),
            other => CredentialError::Store(other),
        }
    }
}

/// What a user gives to create a credential. The secret never prints.
#[derive(Clone)]
pub struct NewCredential {
    /// The integration's domain.
    pub domain: String,
    /// The OAuth client id (surrounding whitespace is removed).
    pub client_id: String,
    /// The OAuth client secret (surrounding whitespace is removed).
    pub client_secret: SecretString,
    /// An optional display name.
    pub name: Option<String>,
}

impl fmt::Debug for NewCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewCredential")
            .field("domain", &self.domain)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("name", &self.name)
            .finish()
    }
}

/// A change to a credential: any of rename and rotate the secret.
#[derive(Clone, Default)]
pub struct CredentialUpdate {
    /// `Some(Some(name))` renames, `Some(None)` clears the name, `None` keeps it.
    pub name: Option<Option<String>>,
    /// A new secret: linked accounts keep working and the next token request uses it.
    pub client_secret: Option<SecretString>,
}

impl fmt::Debug for CredentialUpdate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialUpdate")
            .field("name", &self.name)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The credential was stored.
    Created(ApplicationCredential),
    /// A credential with this id existed; it was left unchanged.
    AlreadyPresent(ApplicationCredential),
}

impl ImportOutcome {
    /// The credential, either way.
    pub fn credential(&self) -> &ApplicationCredential {
        match self {
            ImportOutcome::Created(c) | ImportOutcome::AlreadyPresent(c) => c,
        }
    }
}

/// Home Assistant's `slugify` with `_`: lowercase ASCII letters and digits, every other run of
/// characters one `_`, none at the ends. `slugify("fake_integration.some-client-id")` is
/// `fake_integration_some_client_id`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('_') {
            slug.push('_');
        }
    }
    while slug.ends_with('_') {
        slug.pop();
    }
    slug
}

/// A trimmed, checked client id.
fn client_id(raw: &str) -> Result<String, CredentialError> {
    let id = raw.trim();
    if id.is_empty() {
        return Err(CredentialError::invalid(
            "the client id is empty; paste the client id your provider's developer console shows",
        ));
    }
    if id.len() > MAX_CLIENT_ID_LEN {
        return Err(CredentialError::invalid(format!(
            "the client id is {} bytes long; at most {MAX_CLIENT_ID_LEN} are accepted: check that you pasted the client id and not something else",
            id.len()
        )));
    }
    if let Some(c) = id.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(CredentialError::invalid(format!(
            "the client id contains {c:?}; client ids are printable ASCII without spaces: check what you pasted"
        )));
    }
    if !id.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err(CredentialError::invalid(
            "the client id has no letter or digit; paste the client id your provider shows",
        ));
    }
    Ok(id.to_owned())
}

/// A trimmed, checked client secret; empty only where `optional` (a public client's domain).
/// Messages never quote it.
fn client_secret(raw: &SecretString, optional: bool) -> Result<SecretString, CredentialError> {
    let secret = raw.expose_secret().trim();
    if secret.is_empty() && !optional {
        return Err(CredentialError::invalid(
            "the client secret is empty; paste the client secret your provider's developer console shows",
        ));
    }
    if secret.len() > MAX_CLIENT_SECRET_LEN {
        return Err(CredentialError::invalid(format!(
            "the client secret is {} bytes long; at most {MAX_CLIENT_SECRET_LEN} are accepted",
            secret.len()
        )));
    }
    if secret.chars().any(|c| !(c == ' ' || c.is_ascii_graphic())) {
        return Err(CredentialError::invalid(
            "the client secret contains a character that is not printable ASCII (a line break or a non-ASCII letter?); paste it again",
        ));
    }
    Ok(SecretString::from(secret.to_owned()))
}

/// A trimmed, checked optional name; empty means none.
fn name(raw: Option<&str>) -> Result<Option<String>, CredentialError> {
    let Some(name) = raw.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if name.chars().count() > MAX_NAME_LEN {
        return Err(CredentialError::invalid(format!(
            "the name is longer than {MAX_NAME_LEN} characters; shorten it"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(CredentialError::invalid(
            "the name contains a control character; use plain text",
        ));
    }
    Ok(Some(name.to_owned()))
}

/// The credential service. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Credentials {
    store: Store,
    registry: Registry,
}

impl Credentials {
    /// The service over `store`, accepting the domains of `registry`.
    pub fn new(store: Store, registry: Registry) -> Credentials {
        Credentials { store, registry }
    }

    fn check_domain(&self, domain: &str) -> Result<(), CredentialError> {
        if self.registry.get(domain).is_some() {
            return Ok(());
        }
        let known: Vec<&str> = self.registry.domains().collect();
        Err(CredentialError::invalid(format!(
            "no integration `{domain}` supports application credentials; use one of: {}",
            if known.is_empty() {
                "(none linked)".to_owned()
            } else {
                known.join(", ")
            }
        )))
    }

    /// Whether credentials of `domain` may have an empty secret: its authorization server is
    /// declared [`public_client`](crate::AuthorizationServer::public_client) (no secret is ever
    /// sent). `false` for unknown domains and `#[auth_implementation]` integrations.
    pub async fn secret_optional(&self, domain: &str) -> bool {
        let Some(integration) = self.registry.get(domain) else {
            return false;
        };
        // Whether a client is public does not depend on the external URL or account inputs.
        match integration
            .authorization_server(&crate::Context::default())
            .await
        {
            Ok(Some(server)) => server.options.public_client,
            Ok(None) | Err(_) => false,
        }
    }

    /// Creates a credential: the domain must be registered, the id and secret are trimmed and
    /// checked, the id is `slugify("<domain>.<client_id>")`, and a second one is `duplicate`.
    pub async fn create(
        &self,
        new: NewCredential,
    ) -> Result<ApplicationCredential, CredentialError> {
        self.insert(
            &new.domain,
            &new.client_id,
            &new.client_secret,
            new.name.as_deref(),
            None,
        )
        .await
    }

    /// Stores a client appcreds registered itself (RFC 7591): like [`create`](Self::create),
    /// but a public client's secret is empty.
    pub(crate) async fn create_registered(
        &self,
        new: NewCredential,
    ) -> Result<ApplicationCredential, CredentialError> {
        let public = new.client_secret.expose_secret().is_empty();
        self.insert_checked(
            &new.domain,
            &new.client_id,
            &new.client_secret,
            new.name.as_deref(),
            None,
            !public,
        )
        .await
    }

    async fn insert(
        &self,
        domain: &str,
        raw_client_id: &str,
        raw_secret: &SecretString,
        raw_name: Option<&str>,
        auth_domain: Option<&str>,
    ) -> Result<ApplicationCredential, CredentialError> {
        self.insert_checked(
            domain,
            raw_client_id,
            raw_secret,
            raw_name,
            auth_domain,
            true,
        )
        .await
    }

    async fn insert_checked(
        &self,
        domain: &str,
        raw_client_id: &str,
        raw_secret: &SecretString,
        raw_name: Option<&str>,
        auth_domain: Option<&str>,
        check_secret: bool,
    ) -> Result<ApplicationCredential, CredentialError> {
        let domain = domain.trim();
        self.check_domain(domain)?;
        let client_id = client_id(raw_client_id)?;
        let secret = match check_secret {
            true => client_secret(raw_secret, self.secret_optional(domain).await)?,
            false => raw_secret.clone(),
        };
        let now = now_secs();
        let credential = ApplicationCredential {
            id: slugify(&format!("{domain}.{client_id}")),
            domain: domain.to_owned(),
            client_id,
            name: name(raw_name)?,
            auth_domain: auth_domain.map(str::to_owned),
            bound_issuer: None,
            created_at: now,
            updated_at: now,
        };
        self.store
            .insert_credential(&credential, &secret)
            .await
            .map_err(CredentialError::from_store)?;
        tracing::info!(id = %credential.id, domain = %credential.domain, "application credential created");
        Ok(credential)
    }

    /// Every credential, sorted by id. Never the secrets.
    pub async fn list(&self) -> Result<Vec<ApplicationCredential>, CredentialError> {
        Ok(self.store.credentials(None).await?)
    }

    /// Every credential as listed, with the linked accounts that use it. Never the secrets.
    pub async fn items(&self) -> Result<Vec<CredentialItem>, CredentialError> {
        let credentials = self.list().await?;
        let mut users: HashMap<(String, String), Vec<AccountRef>> = HashMap::new();
        for (implementation, account) in self.store.account_uses().await? {
            users
                .entry((account.domain.clone(), implementation))
                .or_default()
                .push(account);
        }
        Ok(credentials
            .iter()
            .map(|credential| {
                let key = (
                    credential.domain.clone(),
                    credential.implementation().to_owned(),
                );
                let used_by = users.remove(&key).unwrap_or_default();
                CredentialItem::new(credential, used_by)
            })
            .collect())
    }

    /// The credentials of one domain, sorted by id. Never the secrets.
    pub async fn list_for_domain(
        &self,
        domain: &str,
    ) -> Result<Vec<ApplicationCredential>, CredentialError> {
        Ok(self.store.credentials(Some(domain)).await?)
    }

    /// One credential, without its secret.
    pub async fn get(&self, id: &str) -> Result<ApplicationCredential, CredentialError> {
        self.store
            .credential(id)
            .await?
            .ok_or_else(|| CredentialError::not_found(id))
    }

    /// Renames and/or rotates the secret of a credential.
    pub async fn update(
        &self,
        id: &str,
        update: CredentialUpdate,
    ) -> Result<ApplicationCredential, CredentialError> {
        let name = update
            .name
            .as_ref()
            .map(|n| name(n.as_deref()))
            .transpose()?;
        let optional = match &update.client_secret {
            Some(secret) if secret.expose_secret().trim().is_empty() => {
                self.secret_optional(&self.get(id).await?.domain).await
            }
            _ => false,
        };
        let secret = update
            .client_secret
            .as_ref()
            .map(|secret| client_secret(secret, optional))
            .transpose()?;
        let updated = self
            .store
            .update_credential(id, name.as_ref().map(Option::as_deref), secret.as_ref())
            .await
            .map_err(CredentialError::from_store)?;
        tracing::info!(
            id,
            renamed = name.is_some(),
            rotated = secret.is_some(),
            "application credential updated"
        );
        Ok(updated)
    }

    /// Deletes a credential: `not_found` if unknown, `in_use` (naming the accounts) if a linked
    /// account uses it, imported credentials included.
    pub async fn delete(&self, id: &str) -> Result<ApplicationCredential, CredentialError> {
        match self.store.delete_credential_unless_used(id).await? {
            DeleteOutcome::Deleted(credential) => {
                tracing::info!(id, "application credential deleted");
                Ok(credential)
            }
            DeleteOutcome::NotFound => Err(CredentialError::not_found(id)),
            DeleteOutcome::InUse(accounts) => Err(CredentialError::InUse {
                id: id.to_owned(),
                accounts,
            }),
        }
    }

    /// Reveals a credential's secret, for the flow engine's token requests and for
    /// `#[auth_implementation]` functions only: never return it from an API or print it.
    pub async fn reveal(&self, id: &str) -> Result<ClientCredential, CredentialError> {
        let credential = self.get(id).await?;
        self.reveal_stored(&credential).await
    }

    /// Reveals every credential of a domain, with what its accounts store as
    /// `auth_implementation` ([`ApplicationCredential::implementation`]). For the flow engine only.
    pub async fn reveal_for_domain(
        &self,
        domain: &str,
    ) -> Result<Vec<(ApplicationCredential, ClientCredential)>, CredentialError> {
        let mut out = Vec::new();
        for credential in self.list_for_domain(domain).await? {
            let revealed = self.reveal_stored(&credential).await?;
            out.push((credential, revealed));
        }
        Ok(out)
    }

    async fn reveal_stored(
        &self,
        credential: &ApplicationCredential,
    ) -> Result<ClientCredential, CredentialError> {
        let secret = self
            .store
            .credential_secret(&credential.id)
            .await
            .map_err(CredentialError::from_store)?;
        let revealed = ClientCredential::new(&credential.client_id, secret.expose_secret());
        Ok(match &credential.name {
            Some(name) => revealed.with_name(name),
            None => revealed,
        })
    }

    /// Imports a credential (Home Assistant's `async_import_client_credential`): idempotent on the
    /// id, `auth_domain` defaults to the domain, the name to [`DEFAULT_IMPORT_NAME`]. An existing
    /// credential is never changed.
    pub async fn import(
        &self,
        domain: &str,
        credential: ClientCredential,
        auth_domain: Option<&str>,
    ) -> Result<ImportOutcome, CredentialError> {
        let domain = domain.trim();
        self.check_domain(domain)?;
        let id = slugify(&format!("{domain}.{}", client_id(credential.client_id())?));
        if let Some(existing) = self.store.credential(&id).await? {
            return Ok(ImportOutcome::AlreadyPresent(existing));
        }
        let auth_domain = auth_domain
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .unwrap_or(domain);
        let created = self
            .insert(
                domain,
                credential.client_id(),
                credential.secret(),
                Some(credential.name().unwrap_or(DEFAULT_IMPORT_NAME)),
                Some(auth_domain),
            )
            .await;
        match created {
            Ok(credential) => Ok(ImportOutcome::Created(credential)),
            // Imported concurrently by another instance.
            Err(CredentialError::Duplicate { .. })
                if self.store.credential(&id).await?.is_some() =>
            {
                Ok(ImportOutcome::AlreadyPresent(self.get(&id).await?))
            }
            Err(e) => Err(e),
        }
    }

    /// Imports `appcreds.toml` (`[credentials.<domain>] client_id, client_secret, name`); a missing
    /// file imports nothing.
    pub async fn import_config_file(
        &self,
        path: &Path,
    ) -> Result<Vec<ImportOutcome>, CredentialError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(StoreError::Io {
                    path: path.to_owned(),
                    source: e,
                }
                .into());
            }
        };
        let entries = parse_config(&text).map_err(|message| CredentialError::Config {
            path: path.to_owned(),
            message,
        })?;
        let mut outcomes = Vec::with_capacity(entries.len());
        for (domain, credential) in entries {
            let outcome = self
                .import(&domain, credential, None)
                .await
                .map_err(|e| match e {
                    CredentialError::InvalidFormat { message } => CredentialError::Config {
                        path: path.to_owned(),
                        message: format!("[credentials.{domain}]: {message}"),
                    },
                    other => other,
                })?;
            if let ImportOutcome::Created(c) = &outcome {
                tracing::info!(id = %c.id, path = %path.display(), "imported application credential from configuration");
            }
            outcomes.push(outcome);
        }
        Ok(outcomes)
    }
}

/// Parses `appcreds.toml`. Messages name keys and lines, never values.
fn parse_config(text: &str) -> Result<Vec<(String, ClientCredential)>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        match line {
            Some(line) => format!("line {line}: {}", e.message()),
            None => e.message().to_owned(),
        }
    })?;
    let mut out = Vec::new();
    for (key, value) in &table {
        if key != "credentials" {
            return Err(format!(
                "unknown section `{key}`; the file holds `[credentials.<domain>]` sections"
            ));
        }
        let toml::Value::Table(domains) = value else {
            return Err(
                "`credentials` must be a table of `[credentials.<domain>]` sections".to_owned(),
            );
        };
        for (domain, entry) in domains {
            let toml::Value::Table(fields) = entry else {
                return Err(format!(
                    "`credentials.{domain}` must be a table with client_id and client_secret"
                ));
            };
            let mut strings: BTreeMap<&str, &str> = BTreeMap::new();
            for (field, value) in fields {
                if !matches!(field.as_str(), "client_id" | "client_secret" | "name") {
                    return Err(format!(
                        "[credentials.{domain}]: unknown key `{field}`; accepted keys are client_id, client_secret and name"
                    ));
                }
                let toml::Value::String(s) = value else {
                    return Err(format!(
                        "[credentials.{domain}]: `{field}` must be a string"
                    ));
                };
                strings.insert(field, s);
            }
            let get = |field: &str| {
                strings
                    .get(field)
                    .copied()
                    .ok_or_else(|| format!("[credentials.{domain}]: `{field}` is missing"))
            };
            // A public client's entry may leave the secret out; `import` refuses an empty secret
            // for every other domain.
            let secret = strings.get("client_secret").copied().unwrap_or_default();
            let mut credential = ClientCredential::new(get("client_id")?, secret);
            if let Some(name) = strings.get("name") {
                credential = credential.with_name(*name);
            }
            out.push((domain.clone(), credential));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_like_home_assistant() {
        assert_eq!(
            slugify("fake_integration.some-client-id"),
            "fake_integration_some_client_id"
        );
        assert_eq!(slugify("Spotify.ABC..def--"), "spotify_abc_def");
        assert_eq!(slugify("__x__"), "x");
    }

    #[test]
    fn fields_are_trimmed_and_checked() {
        assert_eq!(client_id("  abc \n").unwrap(), "abc");
        assert_eq!(client_id("   ").unwrap_err().code(), "invalid_format");
        assert!(client_id("a b").is_err());
        assert!(client_id(&"x".repeat(MAX_CLIENT_ID_LEN + 1)).is_err());
        assert!(client_id("---").is_err());
        let secret = client_secret(&SecretString::from(" s3cret\t".to_owned()), false).unwrap();
        assert_eq!(secret.expose_secret(), "s3cret");
        let error =
            client_secret(&SecretString::from("bad\nsecret-value".to_owned()), false).unwrap_err();
        assert!(!error.to_string().contains("secret-value"));
        assert!(client_secret(&SecretString::from("  ".to_owned()), false).is_err());
        let public = client_secret(&SecretString::from("  ".to_owned()), true).unwrap();
        assert_eq!(public.expose_secret(), "");
        assert_eq!(name(Some("  ")).unwrap(), None);
        assert_eq!(name(Some(" Home ")).unwrap().as_deref(), Some("Home"));
    }

    #[test]
    fn config_errors_never_show_values() {
        let text = "[credentials.spotify]\nclient_id = \"id\"\nclient_secrett = \"topsecret\"\n";
        let error = parse_config(text).unwrap_err();
        assert!(
            error.contains("client_secrett") && !error.contains("topsecret"),
            "{error}"
        );
        let error = parse_config("[credentials.spotify]\nclient_secret = topsecret\n").unwrap_err();
        assert!(
            error.starts_with("line 2") && !error.contains("topsecret"),
            "{error}"
        );
        let parsed = parse_config(
            "[credentials.spotify]\nclient_id = \"i\"\nclient_secret = \"s\"\nname = \"N\"\n",
        )
        .unwrap();
        assert_eq!(parsed[0].0, "spotify");
        assert_eq!(parsed[0].1.name(), Some("N"));
    }

    #[test]
    fn debug_of_inputs_hides_secrets() {
        let new = NewCredential {
            domain: "d".into(),
            client_id: "i".into(),
            client_secret: SecretString::from("hidden-1".to_owned()),
            name: None,
        };
        let update = CredentialUpdate {
            name: None,
            client_secret: Some(SecretString::from("hidden-2".to_owned())),
        };
        let printed = format!("{new:?} {update:?}");
        assert!(
            !printed.contains("hidden-1") && !printed.contains("hidden-2"),
            "{printed}"
        );
    }
}
