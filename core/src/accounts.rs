//! [`Accounts`]: the linked-account service behind the HTTP API, the page and the CLI — list,
//! get, remove, move to another credential, the credential an account uses and the accounts a
//! credential is used by. Linked accounts are Home Assistant's config entries.

use std::sync::Weak;

use serde::Serialize;
use thiserror::Error;

use crate::credentials::{CredentialError, Credentials};
use crate::linking::engine::Engine;
use crate::oauth::Revocation;
use crate::store::{
    AccountInfo, AccountRef, AccountStatus, ApplicationCredential, LinkedAccount, Store, StoreError,
};

/// The longest account title [`Accounts::rename`] accepts.
pub const MAX_TITLE_CHARS: usize = 100;

/// A linked account as listed: never its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "http", derive(utoipa::ToSchema))]
pub struct AccountItem {
    /// Its id: what `appcreds token ID` and `/api/config_entries/{id}` take.
    pub id: String,
    /// The integration.
    pub domain: String,
    /// Its title.
    pub title: String,
    /// The implementation key of its credential.
    pub auth_implementation: String,
    /// The credential it uses, if it still exists.
    pub application_credentials_id: Option<String>,
    /// `ok` or `needs_reauth`.
    #[cfg_attr(feature = "http", schema(value_type = String))]
    pub status: AccountStatus,
    /// When the access token expires (seconds since the Unix epoch), if known.
    pub expires_at: Option<u64>,
    /// Whether a refresh token is stored.
    pub refreshable: bool,
    /// Seconds since the Unix epoch.
    pub created_at: u64,
    /// Seconds since the Unix epoch.
    pub updated_at: u64,
}

impl AccountItem {
    /// The item of `account`, whose credential is `credential_id`.
    pub fn new(account: &LinkedAccount, credential_id: Option<String>) -> Self {
        AccountItem {
            id: account.id.clone(),
            domain: account.domain.clone(),
            title: account.title.clone(),
            auth_implementation: account.auth_implementation.clone(),
            application_credentials_id: credential_id,
            status: account.status,
            expires_at: account.token.expires_at,
            refreshable: account.token.refresh_token.is_some(),
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
    }
}

impl AccountItem {
    /// The item of a listed `account`.
    pub fn listed(account: &AccountInfo) -> Self {
        AccountItem {
            id: account.id.clone(),
            domain: account.domain.clone(),
            title: account.title.clone(),
            auth_implementation: account.auth_implementation.clone(),
            application_credentials_id: account.credential_id.clone(),
            status: account.status,
            expires_at: account.expires_at,
            refreshable: account.refreshable,
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
    }
}

/// A removed account and what became of its tokens at the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "http", derive(utoipa::ToSchema))]
pub struct RemovedAccount {
    /// The account that was removed.
    pub account: AccountRef,
    /// Whether its tokens were revoked at the provider (RFC 7009).
    pub revocation: Revocation,
}

/// A linked-account operation that failed. Each has a machine [`code`](AccountError::code);
/// messages say what to do.
#[derive(Debug, Error)]
pub enum AccountError {
    /// No linked account has this id (`not_found`).
    #[error("no linked account `{id}`; list them to see the ids that exist")]
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// The credential belongs to another integration (`invalid_format`).
    #[error(
        "credential `{credential_id}` is for `{credential_domain}` but account `{account_id}` is a `{account_domain}` account; pick a credential of `{account_domain}`"
    )]
    OtherDomain {
        /// The account.
        account_id: String,
        /// Its domain.
        account_domain: String,
        /// The credential given.
        credential_id: String,
        /// Its domain.
        credential_domain: String,
    },
    /// The new title is empty or too long (`invalid_format`).
    #[error("an account title must be 1 to {max} characters; {problem}", max = MAX_TITLE_CHARS)]
    InvalidTitle {
        /// What is wrong.
        problem: &'static str,
    },
    /// The credential service refused (its own code: `not_found`, ...).
    #[error(transparent)]
    Credential(#[from] CredentialError),
    /// The store failed (`store_error`).
    #[error(transparent)]
    Store(StoreError),
}

impl AccountError {
    /// The machine code: `not_found`, `invalid_format`, the credential service's code, or
    /// `store_error`.
    pub fn code(&self) -> &'static str {
        match self {
            AccountError::NotFound { .. } => "not_found",
            AccountError::OtherDomain { .. } | AccountError::InvalidTitle { .. } => {
                "invalid_format"
            }
            AccountError::Credential(error) => error.code(),
            AccountError::Store(_) => "store_error",
        }
    }

    fn from_store(id: &str, error: StoreError) -> AccountError {
        match error {
            StoreError::NotFound { .. } => AccountError::NotFound { id: id.to_owned() },
            error => AccountError::Store(error),
        }
    }
}

impl From<StoreError> for AccountError {
    fn from(error: StoreError) -> Self {
        AccountError::Store(error)
    }
}

/// The linked-account service. Cheap to clone.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let dir = tempfile::tempdir()?;
/// let app = appcreds::App::builder().data_dir(dir.path()).build().await?;
/// assert!(app.accounts().list().await?.is_empty());
/// assert_eq!(app.accounts().remove("nope").await.unwrap_err().code(), "not_found");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Accounts {
    store: Store,
    credentials: Credentials,
    engine: Weak<Engine>,
}

impl Accounts {
    /// The service over `store`, finding credentials through `credentials`. Built alone, it
    /// removes accounts without revoking their tokens ([`Revocation::NotSupported`]); the
    /// service of an [`App`](crate::App) revokes them.
    pub fn new(store: Store, credentials: Credentials) -> Accounts {
        Accounts {
            store,
            credentials,
            engine: Weak::new(),
        }
    }

    /// This service, revoking tokens through `engine` on removal.
    pub(crate) fn revoking_with(mut self, engine: Weak<Engine>) -> Accounts {
        self.engine = engine;
        self
    }

    /// Every linked account, oldest first, with the credential it uses.
    pub async fn list(&self) -> Result<Vec<AccountItem>, AccountError> {
        let accounts = self.store.account_infos(None).await?;
        Ok(accounts.iter().map(AccountItem::listed).collect())
    }

    /// The linked account `id`, with its token.
    pub async fn get(&self, id: &str) -> Result<LinkedAccount, AccountError> {
        self.store
            .account(id)
            .await
            .map_err(|e| AccountError::from_store(id, e))
    }

    /// Removes the linked account `id`: first revokes its refresh token, then its access token,
    /// at the provider (RFC 7009) with its credential's client authentication, then removes it
    /// here whatever the provider answered. Returns what it was and the revocation's outcome,
    /// which is logged too (never a token).
    pub async fn remove(&self, id: &str) -> Result<RemovedAccount, AccountError> {
        let account = self.get(id).await?;
        let revocation = match self.engine.upgrade() {
            Some(engine) => engine.revoke(&account).await,
            None => Revocation::NotSupported,
        };
        self.store
            .delete_account(id)
            .await
            .map_err(|e| AccountError::from_store(id, e))?;
        tracing::info!(
            account = %id,
            domain = %account.domain,
            revocation = revocation.status(),
            reason = revocation.reason(),
            "linked account removed"
        );
        Ok(RemovedAccount {
            account: AccountRef {
                id: account.id,
                domain: account.domain,
                title: account.title,
            },
            revocation,
        })
    }

    /// Sets the title of account `id` (trimmed; 1 to 100 characters, no control characters);
    /// returns the account as listed.
    pub async fn rename(&self, id: &str, title: &str) -> Result<AccountItem, AccountError> {
        let title = title.trim();
        let problem = match title.chars().count() {
            0 => Some("this one is empty"),
            n if n > MAX_TITLE_CHARS => Some("this one is longer"),
            _ if title.chars().any(char::is_control) => Some("this one has control characters"),
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(AccountError::InvalidTitle { problem });
        }
        self.store
            .set_account_title(id, title)
            .await
            .map_err(|e| AccountError::from_store(id, e))?;
        tracing::info!(account = id, "linked account renamed");
        let account = self.get(id).await?;
        let credential = self.credential_of(&account).await?;
        Ok(AccountItem::new(&account, credential.map(|c| c.id)))
    }

    /// Moves account `id` to credential `credential_id` of the same integration (its next
    /// refresh uses that client); returns the account as listed.
    pub async fn move_to(
        &self,
        id: &str,
        credential_id: &str,
    ) -> Result<AccountItem, AccountError> {
        let account = self.get(id).await?;
        let credential = self.credentials.get(credential_id).await?;
        if credential.domain != account.domain {
            return Err(AccountError::OtherDomain {
                account_id: id.to_owned(),
                account_domain: account.domain,
                credential_id: credential_id.to_owned(),
                credential_domain: credential.domain,
            });
        }
        self.store
            .set_account_implementation(id, credential.implementation())
            .await
            .map_err(|e| AccountError::from_store(id, e))?;
        tracing::info!(
            account = id,
            credential = credential_id,
            "linked account moved to another credential"
        );
        let account = self.get(id).await?;
        Ok(AccountItem::new(&account, Some(credential.id)))
    }

    /// The credential linked account `account` uses (Home Assistant's `config_entry` lookup), if it
    /// still exists.
    pub async fn credential_of(
        &self,
        account: &LinkedAccount,
    ) -> Result<Option<ApplicationCredential>, AccountError> {
        Ok(self
            .store
            .credential_by_implementation(&account.domain, &account.auth_implementation)
            .await?)
    }

    /// The linked accounts that use credential `credential_id`.
    pub async fn using(&self, credential_id: &str) -> Result<Vec<AccountRef>, AccountError> {
        let credential = self.credentials.get(credential_id).await?;
        Ok(self
            .store
            .accounts_using(&credential.domain, credential.implementation())
            .await?)
    }
}
