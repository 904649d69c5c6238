//! [`Engine`]: what flows and sessions share — the registry, the store, the credentials, the
//! context, the token client — and how an implementation is obtained for a credential.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use appcreds_rules::provider_text::Escaped;
use thiserror::Error;

use crate::accounts::Accounts;
use crate::credentials::{CredentialError, Credentials};
use crate::oauth::{LocalImplementation, OAuth2Implementation, TokenClient};
use crate::registry::{CallError, Integration};
use crate::store::{AccountInputs, ApplicationCredential, Store};
use crate::{ClientCredential, Context, Input, InputKind, Registry, ServerError};

/// Timeouts and margins of the engine. The defaults are Home Assistant's where it has one.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// How long a started flow waits for its callback (10 minutes).
    pub flow_ttl: Duration,
    /// The timeout of building an authorize URL (30 s, Home Assistant's).
    pub authorize_url_timeout: Duration,
    /// The timeout of a code exchange in a flow (30 s, Home Assistant's).
    pub token_timeout: Duration,
    /// Refresh a token that expires within this margin (20 s, Home Assistant's), unless the
    /// server declares its own.
    pub refresh_margin: Duration,
    /// How long an instance holds an account's refresh lease at most (longer than a token request).
    pub lease_ttl: Duration,
    /// How long a caller waits for another instance's refresh of the same account.
    pub lease_wait: Duration,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            flow_ttl: Duration::from_secs(600),
            authorize_url_timeout: Duration::from_secs(30),
            token_timeout: Duration::from_secs(30),
            refresh_margin: Duration::from_secs(20),
            lease_ttl: Duration::from_secs(60),
            lease_wait: Duration::from_secs(45),
        }
    }
}

/// The shared state of flows and sessions.
pub(crate) struct Engine {
    pub(crate) registry: Arc<Registry>,
    pub(crate) store: Store,
    pub(crate) credentials: Credentials,
    pub(crate) accounts: Accounts,
    pub(crate) ctx: Context,
    pub(crate) client: TokenClient,
    pub(crate) config: EngineConfig,
    /// One mutex per account being refreshed in this process (single flight).
    refreshing: Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
    /// The refresh margins sessions learnt.
    pub(crate) margins: super::session::Margins,
}

/// Why no implementation could be obtained.
#[derive(Debug, Error)]
pub(crate) enum ResolveError {
    #[error("the domain `{0}` is not a registered integration")]
    UnknownDomain(String),
    #[error(transparent)]
    Call(#[from] CallError),
    #[error(transparent)]
    Server(#[from] ServerError),
    #[error(transparent)]
    Credential(#[from] CredentialError),
    /// The credential of a runtime-discovered server is bound to another issuer.
    #[error(
        "the application credential `{credential}` belongs to the authorization server `{bound}`, where it was first used; `{}` is another server, so its client secret is not sent there: add an application credential for that server",
        Escaped(found)
    )]
    OtherIssuer {
        credential: String,
        bound: String,
        found: String,
    },
    /// The runtime-discovered server names no issuer to bind the credential to.
    #[error(
        "the authorization server discovered for the application credential `{credential}` names no issuer, so the credential cannot be bound to it; its client secret is not sent"
    )]
    NoIssuer { credential: String },
}

impl Engine {
    pub(crate) fn new(
        registry: Arc<Registry>,
        store: Store,
        credentials: Credentials,
        ctx: Context,
        client: TokenClient,
        config: EngineConfig,
    ) -> Arc<Engine> {
        // The account service removes accounts through the engine (to revoke their tokens), and
        // the engine owns the service: it holds the engine weakly.
        Arc::new_cyclic(|engine| Engine {
            registry,
            accounts: Accounts::new(store.clone(), credentials.clone())
                .revoking_with(engine.clone()),
            store,
            credentials,
            ctx,
            client,
            config,
            refreshing: Mutex::new(HashMap::new()),
            margins: Default::default(),
        })
    }

    pub(crate) fn integration(&self, domain: &str) -> Result<&Integration, ResolveError> {
        self.registry
            .get(domain)
            .ok_or_else(|| ResolveError::UnknownDomain(domain.to_owned()))
    }

    /// The implementation of a stored credential for an account (or flow) with these input
    /// values: built from the integration's `#[authorization_server]`, its URL templates filled
    /// from `inputs` ([`AuthorizationServer::resolve`](crate::AuthorizationServer::resolve)), or
    /// returned by its `#[auth_implementation]`.
    pub(crate) async fn resolve(
        &self,
        credential: &ApplicationCredential,
        inputs: &AccountInputs,
    ) -> Result<Box<dyn OAuth2Implementation>, ResolveError> {
        let secret = self.credentials.reveal(&credential.id).await?;
        self.resolve_with(credential, secret, inputs).await
    }

    async fn resolve_with(
        &self,
        credential: &ApplicationCredential,
        secret: ClientCredential,
        inputs: &AccountInputs,
    ) -> Result<Box<dyn OAuth2Implementation>, ResolveError> {
        let integration = self.integration(&credential.domain)?;
        let auth_domain = credential.implementation();
        let secret = match &credential.name {
            Some(name) => secret.with_name(name.clone()),
            None => secret,
        };
        let ctx = self.ctx_for(inputs);
        match integration.authorization_server(&ctx).await? {
            Some(server) => {
                let server =
                    server.resolve(inputs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
                Ok(Box::new(
                    LocalImplementation::new(auth_domain, server, secret, self.client.clone())
                        .with_redirect_uri(self.ctx.redirect_uri()),
                ))
            }
            None => {
                let implementation = integration
                    .custom_implementation(&ctx, auth_domain, secret)
                    .await?
                    .ok_or_else(|| ResolveError::UnknownDomain(credential.domain.clone()))?;
                if integration.url_input().is_some() {
                    self.bind_to_issuer(credential, implementation.as_ref())
                        .await?;
                }
                Ok(implementation)
            }
        }
    }

    /// A credential of an integration whose server is discovered at run time (`url_input`)
    /// belongs to the first issuer it is used with: binds it there, or refuses another issuer
    /// before anything (the client secret above all) is sent to it.
    async fn bind_to_issuer(
        &self,
        credential: &ApplicationCredential,
        implementation: &dyn OAuth2Implementation,
    ) -> Result<(), ResolveError> {
        let Some(issuer) = implementation.issuer() else {
            return Err(ResolveError::NoIssuer {
                credential: credential.id.clone(),
            });
        };
        let bound = match &credential.bound_issuer {
            Some(bound) => Some(bound.clone()),
            None => {
                let bound = self
                    .store
                    .bind_credential_issuer(&credential.id, issuer)
                    .await
                    .map_err(|error| ResolveError::Credential(CredentialError::Store(error)))?;
                if bound.as_deref() == Some(issuer) && credential.bound_issuer.is_none() {
                    tracing::info!(credential = %credential.id, issuer = %Escaped(issuer), "application credential bound to its authorization server");
                }
                bound
            }
        };
        match bound {
            Some(bound) if bound != issuer => Err(ResolveError::OtherIssuer {
                credential: credential.id.clone(),
                bound,
                found: issuer.to_owned(),
            }),
            _ => Ok(()),
        }
    }

    /// The context for a flow or account with these input values, carrying the engine's client.
    pub(crate) fn ctx_for(&self, inputs: &AccountInputs) -> Context {
        self.ctx
            .clone()
            .with_inputs(inputs.clone())
            .with_token_client(self.client.clone())
    }

    /// Checks a flow's input values against the integration's declared inputs: every declared
    /// input has a valid value (a URL input passes the endpoint rules, a template input its
    /// pattern and the template rules), and no value names an input that is not declared. `Err`
    /// holds what is wrong and how to fix it.
    pub(crate) async fn check_inputs(
        &self,
        integration: &Integration,
        inputs: &AccountInputs,
    ) -> Result<(), String> {
        // A failing server function is not the inputs' fault: the flow aborts with
        // `oauth_implementation_unavailable` when it builds the implementation.
        let Ok(declared) = integration.inputs(&self.ctx).await else {
            return Ok(());
        };
        let how = || how_to_give(integration.domain(), &declared);
        if let Some(unknown) = inputs
            .keys()
            .find(|name| !declared.iter().any(|i| i.name() == name.as_str()))
        {
            return Err(format!("unknown input `{unknown}`: {}", how()));
        }
        for input in declared.iter().filter(|i| i.kind() == InputKind::Url) {
            let Some(value) = inputs.get(input.name()) else {
                return Err(format!("missing input `{}`: {}", input.name(), how()));
            };
            Input::check_url(value)
                .map_err(|error| format!("input `{}`: {error}; {}", input.name(), how()))?;
        }
        if !declared.iter().any(|i| i.kind() == InputKind::Template) {
            return Ok(());
        }
        let Ok(Some(server)) = integration.authorization_server(&self.ctx).await else {
            return Ok(());
        };
        server
            .resolve(inputs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map(drop)
            .map_err(|error| {
                let problems: Vec<String> =
                    error.problems.iter().map(ToString::to_string).collect();
                format!("{}: {}", problems.join("; "), how())
            })
    }

    /// The in-process refresh mutex of an account: every caller of one account shares it.
    pub(crate) fn refresh_mutex(&self, account_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self
            .refreshing
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(existing) = map.get(account_id).and_then(Weak::upgrade) {
            return existing;
        }
        map.retain(|_, weak| weak.strong_count() > 0);
        let mutex = Arc::new(tokio::sync::Mutex::new(()));
        map.insert(account_id.to_owned(), Arc::downgrade(&mutex));
        mutex
    }
}

/// How to give a domain's inputs, for an input error's message.
fn how_to_give(domain: &str, declared: &[Input]) -> String {
    let names: Vec<String> = declared
        .iter()
        .map(|i| match i.kind() {
            InputKind::Url => format!(
                "`{}` (an absolute `https` URL; `http` only on a loopback host; no user information or fragment)",
                i.name()
            ),
            InputKind::Template => format!("`{}` (matching `{}`)", i.name(), i.pattern()),
        })
        .collect();
    match names.is_empty() {
        true => format!("`{domain}` takes no inputs"),
        false => format!(
            "`{domain}` needs {}; give each with `StartOptions::input(name, value)`",
            names.join(", ")
        ),
    }
}
