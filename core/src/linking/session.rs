//! [`Session`]: a linked account's always-fresh token.
//!
//! `access_token()` refreshes when the token expires within the margin. However many callers and
//! instances ask at once, one refresh happens: callers in this process queue on the account's mutex
//! (single flight), instances take the account's lease in the store, and each re-reads the token
//! after acquiring, so whoever comes second finds it fresh. The token write is a compare-and-set on
//! the account's version, and happens before the new token is returned. A refused refresh
//! (`invalid_grant`, 4xx but 429) latches the account as `needs_reauth`: no further refresh is
//! attempted until a reauth flow succeeds. A passing failure (429, 5xx, no answer, malformed body)
//! leaves the stored token untouched.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use thiserror::Error;

use super::engine::{Engine, ResolveError};
use crate::accounts::AccountError;
use crate::credentials::CredentialError;
use crate::oauth::{OAuth2Implementation, Token, TokenError};
use crate::store::{AccountLease, AccountStatus, LinkedAccount, StoreError};

/// Why a session has no token to give.
#[derive(Debug, Error)]
pub enum SessionError {
    /// The account must be linked again (its grant was refused); nothing is retried until then.
    #[error("account `{account_id}` must be authorized again: start a reauth flow")]
    ReauthRequired {
        /// The account.
        account_id: String,
    },
    /// The refresh failed for now; the stored token is unchanged. Try again later.
    #[error("refreshing account `{account_id}` failed: {source}")]
    Refresh {
        /// The account.
        account_id: String,
        /// Why.
        #[source]
        source: TokenError,
    },
    /// Another instance held the account's refresh lease for too long.
    #[error(
        "account `{account_id}` is being refreshed elsewhere and did not finish in time; try again"
    )]
    Busy {
        /// The account.
        account_id: String,
    },
    /// The integration's implementation could not be built.
    #[error("account `{account_id}`: {message}")]
    Unavailable {
        /// The account.
        account_id: String,
        /// Why.
        message: String,
    },
    /// The account was removed while the session was in use.
    #[error("linked account `{account_id}` no longer exists")]
    Gone {
        /// The account.
        account_id: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(StoreError),
    /// A request sent with the token failed.
    #[error("request failed: {0}")]
    Request(#[source] reqwest::Error),
}

/// A linked account's token, refreshed when needed. Cheap to clone.
#[derive(Clone)]
pub struct Session {
    engine: Arc<Engine>,
    account_id: String,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("account_id", &self.account_id)
            .finish_non_exhaustive()
    }
}

impl From<StoreError> for SessionError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { id, .. } => SessionError::Gone { account_id: id },
            error => SessionError::Store(error),
        }
    }
}

impl Session {
    pub(crate) fn new(engine: Arc<Engine>, account_id: String) -> Session {
        Session { engine, account_id }
    }

    /// The account's id.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// A valid access token, refreshed first if it expires within the margin.
    pub async fn access_token(&self) -> Result<SecretString, SessionError> {
        Ok(self.token().await?.access_token)
    }

    /// The whole valid token, refreshed first if it expires within the margin.
    pub async fn token(&self) -> Result<Token, SessionError> {
        self.ensure_fresh(false).await
    }

    /// Refreshes now, even if the token is still valid (one refresh however many callers).
    pub async fn refresh(&self) -> Result<Token, SessionError> {
        self.ensure_fresh(true).await
    }

    /// Sends `request` with exactly one `Authorization: Bearer` header (any other is replaced).
    /// If the API answers 401 and the request can be repeated, the token is refreshed and the
    /// request sent once more: a token without known expiry is used until the API rejects it.
    pub async fn request(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, SessionError> {
        let (client, request) = request.build_split();
        let request = request.map_err(SessionError::Request)?;
        let retry = request.try_clone();
        let token = self.token().await?;
        let response = client
            .execute(with_bearer(request, &token.access_token))
            .await
            .map_err(SessionError::Request)?;
        match (response.status(), retry) {
            (reqwest::StatusCode::UNAUTHORIZED, Some(retry)) if token.refresh_token.is_some() => {
                let token = self.refresh().await?;
                client
                    .execute(with_bearer(retry, &token.access_token))
                    .await
                    .map_err(SessionError::Request)
            }
            _ => Ok(response),
        }
    }

    async fn ensure_fresh(&self, force: bool) -> Result<Token, SessionError> {
        let engine = &self.engine;
        let seen = self.usable(engine.store.account(&self.account_id).await?)?;
        if !force && !self.needs_refresh(&seen).await {
            return Ok(seen.token);
        }
        let mutex = engine.refresh_mutex(&self.account_id);
        let _in_process = mutex.lock().await;
        let account = self.usable(engine.store.account(&self.account_id).await?)?;
        if account.version != seen.version || (!force && !self.needs_refresh(&account).await) {
            return Ok(account.token);
        }
        let lease = match engine
            .store
            .lock_account(
                &self.account_id,
                engine.config.lease_ttl,
                engine.config.lease_wait,
            )
            .await
        {
            Ok(lease) => lease,
            Err(StoreError::LockTimeout { .. }) => {
                let account = self.usable(engine.store.account(&self.account_id).await?)?;
                return match account.version != seen.version {
                    true => Ok(account.token),
                    false => Err(SessionError::Busy {
                        account_id: self.account_id.clone(),
                    }),
                };
            }
            Err(error) => return Err(error.into()),
        };
        let (outcome, released) = self.refresh_under_lease(&seen, force, &lease).await;
        if !released && let Err(error) = engine.store.unlock_account(&lease).await {
            tracing::warn!(account = %self.account_id, %error, "could not release the refresh lease; it will expire");
        }
        outcome
    }

    /// With the lease held: re-read, refresh if still needed, store the new token and release the
    /// lease in one commit, return. Says whether the lease was released.
    async fn refresh_under_lease(
        &self,
        seen: &LinkedAccount,
        force: bool,
        lease: &AccountLease,
    ) -> (Result<Token, SessionError>, bool) {
        let engine = &self.engine;
        let account = match engine.store.account(&self.account_id).await {
            Ok(account) => account,
            Err(error) => return (Err(error.into()), false),
        };
        let account = match self.usable(account) {
            Ok(account) => account,
            Err(error) => return (Err(error), false),
        };
        if account.version != seen.version || (!force && !self.needs_refresh(&account).await) {
            return (Ok(account.token), false);
        }
        let implementation = match self.implementation(&account).await {
            Ok(implementation) => implementation,
            Err(error) => return (Err(error), false),
        };
        // A custom implementation may hand back anything: an unusable token (an empty or missing
        // access token, a CR or LF in it) is a malformed answer, and the stored token stays.
        let refreshed = implementation
            .refresh_token(&account.token)
            .await
            .and_then(|new| new.check_usable().map(|()| new));
        if let Ok(new) = refreshed {
            let token = new.merged_over(&account.token);
            let stored = engine
                .store
                .store_refreshed_token(lease, account.version, &token)
                .await;
            tracing::debug!(account = %account.id, "token refreshed");
            return match stored {
                Ok(_) => (Ok(token), true),
                Err(error) => (Err(error.into()), false),
            };
        }
        (self.refresh_failed(account, refreshed).await, false)
    }

    /// A refresh the provider refused (the account is latched as `needs_reauth`) or that failed
    /// for now (the token is left as it is).
    async fn refresh_failed(
        &self,
        account: LinkedAccount,
        refreshed: Result<Token, TokenError>,
    ) -> Result<Token, SessionError> {
        let engine = &self.engine;
        match refreshed {
            Ok(token) => Ok(token),
            Err(error) if error.requires_reauth() => {
                engine.store.mark_needs_reauth(&account.id).await?;
                tracing::warn!(account = %account.id, %error, "refresh refused: the account needs reauth");
                Err(SessionError::ReauthRequired {
                    account_id: account.id,
                })
            }
            Err(error) => {
                tracing::warn!(account = %account.id, %error, "refresh failed; token unchanged");
                Err(SessionError::Refresh {
                    account_id: account.id,
                    source: error,
                })
            }
        }
    }

    async fn implementation(
        &self,
        account: &LinkedAccount,
    ) -> Result<Box<dyn OAuth2Implementation>, SessionError> {
        let unavailable = |message: String| SessionError::Unavailable {
            account_id: account.id.clone(),
            message,
        };
        let credential = match self.engine.accounts.credential_of(account).await {
            Ok(Some(credential)) => credential,
            Ok(None) => {
                // Only linking the account again (with a credential that exists) can fix this:
                // latch it, as a refused refresh would, instead of failing as if for now.
                self.engine.store.mark_needs_reauth(&account.id).await?;
                tracing::warn!(account = %account.id, "the account's application credential is gone: the account needs reauth");
                return Err(SessionError::ReauthRequired {
                    account_id: account.id.clone(),
                });
            }
            Err(
                AccountError::Store(error)
                | AccountError::Credential(CredentialError::Store(error)),
            ) => {
                return Err(error.into());
            }
            Err(error) => return Err(unavailable(error.to_string())),
        };
        match self.engine.resolve(&credential, &account.inputs).await {
            Ok(implementation) => Ok(implementation),
            Err(ResolveError::Credential(CredentialError::Store(error))) => Err(error.into()),
            Err(error) => Err(unavailable(error.to_string())),
        }
    }

    /// Refuses accounts latched as `needs_reauth`.
    fn usable(&self, account: LinkedAccount) -> Result<LinkedAccount, SessionError> {
        match account.status {
            AccountStatus::NeedsReauth => Err(SessionError::ReauthRequired {
                account_id: account.id,
            }),
            _ => Ok(account),
        }
    }

    /// Whether the token expires within the server's margin (or the engine's).
    async fn needs_refresh(&self, account: &LinkedAccount) -> bool {
        if account.token.expires_at.is_none() {
            return false;
        }
        let margin = self.margin(account).await;
        account.token.expires_within(margin)
    }

    /// The refresh margin the account's server declares (a declared server is asked directly; a
    /// custom implementation is built and asked), else the engine's. Learnt once per account and
    /// credential, then kept by the engine: building a custom implementation may reveal the secret
    /// and fetch discovery documents.
    async fn margin(&self, account: &LinkedAccount) -> Duration {
        let key = (account.id.clone(), account.auth_implementation.clone());
        if let Some(margin) = self.engine.margins.get(&key) {
            return margin;
        }
        let margin = self.learn_margin(account).await;
        self.engine.margins.keep(key, margin);
        margin
    }

    async fn learn_margin(&self, account: &LinkedAccount) -> Duration {
        let engine = &self.engine;
        let declared = match engine.registry.get(&account.domain) {
            Some(integration) => match integration.authorization_server(&engine.ctx).await {
                Ok(Some(server)) => server.options.refresh_margin,
                Ok(None) => self
                    .implementation(account)
                    .await
                    .ok()
                    .and_then(|i| i.refresh_margin()),
                Err(_) => None,
            },
            None => None,
        };
        declared.unwrap_or(engine.config.refresh_margin)
    }
}

/// The refresh margins learnt, per account and credential implementation key.
#[derive(Debug, Default)]
pub(crate) struct Margins(Mutex<HashMap<(String, String), Duration>>);

impl Margins {
    fn get(&self, key: &(String, String)) -> Option<Duration> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .copied()
    }

    fn keep(&self, key: (String, String), margin: Duration) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, margin);
    }
}

fn with_bearer(mut request: reqwest::Request, access_token: &SecretString) -> reqwest::Request {
    let headers = request.headers_mut();
    headers.remove(AUTHORIZATION);
    if let Ok(mut value) =
        HeaderValue::from_str(&format!("Bearer {}", access_token.expose_secret()))
    {
        value.set_sensitive(true);
        headers.insert(AUTHORIZATION, value);
    }
    request
}
