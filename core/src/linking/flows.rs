//! [`Flows`]: linking an account with the authorization-code flow, Home Assistant's config flow
//! made safer — pick a credential, send the user to the provider, resume on the callback.
//!
//! What a flow keeps between its steps is typed in [`super::flow_record`]: a [`FlowStage`] under
//! its public id and an [`Authorization`] under the hash of its state handle, which the callback
//! *takes* (delete-and-return in one statement), so a state works once, on any instance, after a
//! restart too. The authorize URL is handed out once and never stored.

use std::sync::Arc;

use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use url::Url;

use super::abort::AbortReason;
use super::account_title::{fallback_title, identity_title};
use super::callback::{CallbackError, CallbackQuery};
use super::engine::{Engine, ResolveError};
use super::flow_record::{Authorization, FlowStage, decode, encode};
use super::state::{new_flow_id, new_state, secret_state_key, state_key};
use crate::accounts::AccountError;
use crate::clock::now_secs;
use crate::credentials::CredentialError;
use crate::oauth::{AuthorizeRequest, CodeExchange, OAuth2Implementation, Pkce, Token, TokenError};
use crate::store::{
    AccountInputs, ApplicationCredential, LinkedAccount, NewAccount, PendingFlow, Store, StoreError,
};

/// How a flow starts: for a new account or an existing one, with the values of the integration's
/// per-account inputs ([`Integration::inputs`](crate::Integration::inputs)).
///
/// ```
/// use appcreds::linking::StartOptions;
///
/// let nest = StartOptions::user().input("project_id", "my-project");
/// assert_eq!(nest.inputs()["project_id"], "my-project");
/// assert_eq!(StartOptions::reauth("account-1").account_id(), Some("account-1"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartOptions {
    account_id: Option<String>,
    credential_id: Option<String>,
    inputs: AccountInputs,
    device: bool,
    register: bool,
}

impl StartOptions {
    /// A new account.
    pub fn user() -> StartOptions {
        StartOptions::default()
    }

    /// Authorize `account_id` again, with the input values it was linked with (unless
    /// [`input`](Self::input) gives new ones).
    pub fn reauth(account_id: impl Into<String>) -> StartOptions {
        StartOptions {
            account_id: Some(account_id.into()),
            credential_id: None,
            inputs: AccountInputs::new(),
            device: false,
            register: false,
        }
    }

    /// Use the credential `credential_id` (of the flow's integration) instead of asking, or, for a
    /// reauth, instead of the one the account uses: the account moves to it once authorized.
    pub fn credential(mut self, credential_id: impl Into<String>) -> StartOptions {
        self.credential_id = Some(credential_id.into());
        self
    }

    /// The credential chosen up front, if any.
    pub fn credential_id(&self) -> Option<&str> {
        self.credential_id.as_deref()
    }

    /// Registers a client at the server (RFC 7591), or reuses the one registered there before,
    /// instead of using a credential the user brought ([`Flows::register_client`]).
    pub fn register(mut self) -> StartOptions {
        self.register = true;
        self
    }

    /// Whether the flow registers its client.
    pub fn is_register(&self) -> bool {
        self.register
    }

    /// Links with the device authorization grant (RFC 8628) instead of a browser redirect: the
    /// flow answers a [`FlowStep::Device`] with a code for the user to enter at the provider,
    /// and [`Flows::status`] polls the provider until the user approved or refused.
    pub fn device(mut self) -> StartOptions {
        self.device = true;
        self
    }

    /// Whether the flow uses the device authorization grant.
    pub fn is_device(&self) -> bool {
        self.device
    }

    /// The value of the per-account input `name`, which fills `{name}` in the integration's URLs
    /// (Nest's `project_id`). It is checked against the input's pattern when the flow starts.
    pub fn input(mut self, name: impl Into<String>, value: impl Into<String>) -> StartOptions {
        self.inputs.insert(name.into(), value.into());
        self
    }

    /// The account to authorize again, for a reauth flow.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// The input values given.
    pub fn inputs(&self) -> &AccountInputs {
        &self.inputs
    }
}

/// A credential the user may pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImplementationChoice {
    /// What to send back to [`Flows::pick`]: the credential's id.
    pub id: String,
    /// The label: the credential's name or client id.
    pub name: String,
}

/// A linked account as flows report it (never its token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// The account's id.
    pub id: String,
    /// The integration's domain.
    pub domain: String,
    /// Its title.
    pub title: String,
    /// The credential key it uses.
    pub auth_implementation: String,
}

impl From<&LinkedAccount> for AccountSummary {
    fn from(account: &LinkedAccount) -> Self {
        AccountSummary {
            id: account.id.clone(),
            domain: account.domain.clone(),
            title: account.title.clone(),
            auth_implementation: account.auth_implementation.clone(),
        }
    }
}

/// Where a flow is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FlowStep {
    /// Several credentials: the user picks one ([`Flows::pick`]).
    PickImplementation {
        /// The flow.
        flow_id: String,
        /// The integration.
        domain: String,
        /// The credentials to pick from.
        implementations: Vec<ImplementationChoice>,
    },
    /// The user must visit the provider: the step [`Flows::start`] and [`Flows::pick`] return.
    /// The URL is given this once; it is never stored.
    External {
        /// The flow.
        flow_id: String,
        /// The integration.
        domain: String,
        /// Where to send the user.
        authorize_url: Url,
    },
    /// The user enters `user_code` at `verification_uri` (on any device) while appcreds polls the
    /// provider (device authorization grant, RFC 8628): what [`Flows::start`] answers with
    /// [`StartOptions::device`], and what [`Flows::status`] answers until the user decided.
    Device {
        /// The flow.
        flow_id: String,
        /// The integration.
        domain: String,
        /// The code the user enters.
        user_code: String,
        /// Where the user enters it.
        verification_uri: Url,
        /// The verification URI with the code in it (for a link or a QR code), when given.
        verification_uri_complete: Option<Url>,
        /// When the code expires (seconds since the Unix epoch).
        expires_at: u64,
        /// Seconds between two polls of the provider.
        interval: u64,
    },
    /// The user was sent to the provider and the callback has not come yet: what
    /// [`Flows::status`] answers meanwhile (without the authorize URL, which is never stored).
    Authorizing {
        /// The flow.
        flow_id: String,
        /// The integration.
        domain: String,
    },
    /// The account is linked.
    CreateEntry {
        /// The flow.
        flow_id: String,
        /// The new account.
        account: AccountSummary,
    },
    /// The flow ended without a new account (for `reauth_successful`, the account was updated).
    Abort {
        /// The flow, when it got one.
        flow_id: Option<String>,
        /// The integration.
        domain: String,
        /// Why, as Home Assistant names it.
        reason: AbortReason,
        /// What to tell the user.
        message: String,
        /// Values for the reason's text, such as the provider's `error`.
        description_placeholders: serde_json::Map<String, serde_json::Value>,
    },
}

impl FlowStep {
    pub(super) fn abort(flow_id: Option<&str>, domain: &str, reason: AbortReason) -> FlowStep {
        FlowStep::Abort {
            flow_id: flow_id.map(str::to_owned),
            domain: domain.to_owned(),
            reason,
            message: reason.message().to_owned(),
            description_placeholders: serde_json::Map::new(),
        }
    }

    pub(super) fn abort_with(
        flow_id: &str,
        domain: &str,
        reason: AbortReason,
        detail: &str,
        placeholders: &[(&str, &str)],
    ) -> FlowStep {
        FlowStep::Abort {
            flow_id: Some(flow_id.to_owned()),
            domain: domain.to_owned(),
            reason,
            message: format!("{} {detail}", reason.message())
                .trim_end()
                .to_owned(),
            description_placeholders: placeholders
                .iter()
                .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
                .collect(),
        }
    }

    /// The abort reason, if the flow aborted.
    pub fn abort_reason(&self) -> Option<AbortReason> {
        match self {
            FlowStep::Abort { reason, .. } => Some(*reason),
            _ => None,
        }
    }
}

/// A flow request that cannot be served (as opposed to a flow that aborts).
#[derive(Debug, Error)]
pub enum FlowError {
    /// No flow has this id (or it expired, or it is past this step).
    #[error("no flow `{flow_id}` waits for a choice; start the flow again")]
    UnknownFlow {
        /// The id given.
        flow_id: String,
    },
    /// The picked credential is not one of the choices.
    #[error(
        "`{implementation}` is not a credential offered by flow `{flow_id}`; pick one of its implementations"
    )]
    UnknownImplementation {
        /// The flow.
        flow_id: String,
        /// The id given.
        implementation: String,
    },
    /// The account to reauthorize does not exist or belongs to another domain.
    #[error("no linked account `{account_id}` of domain `{domain}`")]
    UnknownAccount {
        /// The account id given.
        account_id: String,
        /// The flow's domain.
        domain: String,
    },
    /// An input value is missing, unknown, or refused by its pattern (or could change the URL).
    #[error("cannot start a flow for `{domain}`: {message}")]
    InvalidInput {
        /// The flow's domain.
        domain: String,
        /// Which input is wrong, and how to fix it.
        message: String,
    },
    /// The callback cannot resume a flow.
    #[error(transparent)]
    Callback(#[from] CallbackError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The credential service failed.
    #[error(transparent)]
    Credential(#[from] CredentialError),
    /// The account service failed.
    #[error(transparent)]
    Account(#[from] AccountError),
    /// No client could be registered (RFC 7591): not allowed, no endpoint, or refused.
    #[error("cannot register a client for `{domain}`: {message}")]
    Registration {
        /// The flow's domain.
        domain: String,
        /// Why, with the server's reason when it refused.
        message: String,
    },
    /// A device flow was asked for a server without a device authorization endpoint.
    #[error(
        "`{domain}`'s authorization server has no device authorization endpoint (RFC 8628); link the account in a browser instead"
    )]
    NoDeviceFlow {
        /// The flow's domain.
        domain: String,
    },
}

impl FlowError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            FlowError::UnknownFlow { .. } => "unknown_flow",
            FlowError::UnknownImplementation { .. } => "unknown_implementation",
            FlowError::UnknownAccount { .. } => "invalid_config_entry_id",
            FlowError::InvalidInput { .. } => "invalid_input",
            FlowError::NoDeviceFlow { .. } => "no_device_flow",
            FlowError::Registration { .. } => "registration_failed",
            FlowError::Callback(CallbackError::UnknownState) => "invalid_state",
            FlowError::Callback(_) => "invalid_callback",
            FlowError::Store(_) | FlowError::Credential(_) | FlowError::Account(_) => {
                "internal_error"
            }
        }
    }
}

/// The flow engine. Cheap to clone.
#[derive(Clone)]
pub struct Flows {
    pub(super) engine: Arc<Engine>,
}

impl Flows {
    pub(crate) fn new(engine: Arc<Engine>) -> Flows {
        Flows { engine }
    }

    /// Starts a flow for `domain`: the first step, or an abort.
    pub async fn start(&self, domain: &str, options: StartOptions) -> Result<FlowStep, FlowError> {
        let engine = &self.engine;
        let Some(integration) = engine.registry.get(domain) else {
            return Ok(FlowStep::abort(
                None,
                domain,
                AbortReason::MissingConfiguration,
            ));
        };
        let reauth = match options.account_id() {
            None => None,
            Some(account_id) => Some(self.account_of(account_id, domain).await?),
        };
        let mut inputs = reauth
            .as_ref()
            .map(|a| a.inputs.clone())
            .unwrap_or_default();
        inputs.extend(options.inputs.clone());
        if let Err(message) = engine.check_inputs(integration, &inputs).await {
            return Err(FlowError::InvalidInput {
                domain: domain.to_owned(),
                message,
            });
        }
        if options.register {
            let credential = self.register_client(domain, &inputs).await?;
            let account_id = reauth.as_ref().map(|a| a.id.as_str());
            let flow_id = new_flow_id();
            return self
                .authorize(&flow_id, &credential, account_id, &inputs, options.device)
                .await;
        }
        let credentials = engine.credentials.list_for_domain(domain).await?;
        if credentials.is_empty() {
            return Ok(FlowStep::abort(
                None,
                domain,
                AbortReason::MissingCredentials,
            ));
        }
        let flow_id = new_flow_id();
        let current = match (options.credential_id(), &reauth) {
            (Some(chosen), _) => match credentials.iter().find(|c| c.id == chosen) {
                Some(credential) => Some(credential.clone()),
                None => {
                    return Err(FlowError::UnknownImplementation {
                        flow_id,
                        implementation: chosen.to_owned(),
                    });
                }
            },
            (None, Some(account)) => engine.accounts.credential_of(account).await?,
            (None, None) => None,
        };
        match (current.as_ref(), credentials.as_slice()) {
            (Some(credential), _) | (None, [credential]) => {
                let account_id = reauth.as_ref().map(|a| a.id.as_str());
                self.authorize(&flow_id, credential, account_id, &inputs, options.device)
                    .await
            }
            (None, several) => {
                let implementations: Vec<ImplementationChoice> =
                    several.iter().map(choice).collect();
                let stage = FlowStage::Pick {
                    choices: implementations.clone(),
                    account_id: reauth.map(|a| a.id),
                    inputs,
                    device: options.device,
                };
                self.save_stage(&flow_id, domain, &stage).await?;
                Ok(FlowStep::PickImplementation {
                    flow_id,
                    domain: domain.to_owned(),
                    implementations,
                })
            }
        }
    }

    /// Continues a flow waiting for a credential choice with the credential `implementation`.
    pub async fn pick(&self, flow_id: &str, implementation: &str) -> Result<FlowStep, FlowError> {
        let unknown = || FlowError::UnknownFlow {
            flow_id: flow_id.to_owned(),
        };
        let store = &self.engine.store;
        let record = store.pending_flow(flow_id).await?.ok_or_else(unknown)?;
        let (choices, account_id, inputs, device) = match decode(flow_id, record.context)? {
            FlowStage::Pick {
                choices,
                account_id,
                inputs,
                device,
            } => (choices, account_id, inputs, device),
            FlowStage::Authorizing | FlowStage::Device { .. } | FlowStage::Done { .. } => {
                return Err(unknown());
            }
        };
        let credential = match choices.iter().any(|c| c.id == implementation) {
            true => self
                .engine
                .credentials
                .get(implementation)
                .await
                .ok()
                .filter(|c| c.domain == record.domain),
            false => None,
        };
        let Some(credential) = credential else {
            return Err(FlowError::UnknownImplementation {
                flow_id: flow_id.to_owned(),
                implementation: implementation.to_owned(),
            });
        };
        if store.take_pending_flow(flow_id).await?.is_none() {
            return Err(unknown());
        }
        self.authorize(flow_id, &credential, account_id.as_deref(), &inputs, device)
            .await
    }

    /// Where flow `flow_id` is: waiting for a choice, at the provider, or its final step once the
    /// callback came. A device flow whose poll is due asks the provider first (at most once per
    /// interval, across callers and instances).
    pub async fn status(&self, flow_id: &str) -> Result<FlowStep, FlowError> {
        let record = self
            .engine
            .store
            .pending_flow(flow_id)
            .await?
            .ok_or_else(|| FlowError::UnknownFlow {
                flow_id: flow_id.to_owned(),
            })?;
        Ok(match decode(flow_id, record.context)? {
            FlowStage::Pick { choices, .. } => FlowStep::PickImplementation {
                flow_id: flow_id.to_owned(),
                domain: record.domain,
                implementations: choices,
            },
            FlowStage::Authorizing => FlowStep::Authorizing {
                flow_id: flow_id.to_owned(),
                domain: record.domain,
            },
            FlowStage::Device { step } => self.poll_device(flow_id, step).await?,
            FlowStage::Done { step } => step,
        })
    }

    /// Sends the user to the provider: a browser redirect, or a device code.
    async fn authorize(
        &self,
        flow_id: &str,
        credential: &ApplicationCredential,
        account_id: Option<&str>,
        inputs: &AccountInputs,
        device: bool,
    ) -> Result<FlowStep, FlowError> {
        match device {
            true => self.device(flow_id, credential, account_id, inputs).await,
            false => self.external(flow_id, credential, account_id, inputs).await,
        }
    }

    /// Resumes the flow the callback's `state` belongs to, and ends it.
    pub async fn callback(&self, query: &CallbackQuery) -> Result<FlowStep, FlowError> {
        query.validate()?;
        let state = query.state.as_deref().unwrap_or_default();
        let flow = self
            .engine
            .store
            .claim_authorization(&state_key(state))
            .await?
            .ok_or(CallbackError::UnknownState)?;
        let authorization: Authorization = decode(&flow.id, flow.context.clone())?;
        let flow_id = authorization.flow_id.as_str();
        // The public record ends holding the final step, for the page that asks how it went: a
        // linked or reauthorized account is committed with it; any other end is recorded here.
        let (step, recorded) = self.finish(flow_id, &flow, &authorization, query).await?;
        if !recorded {
            let record = self.stage_record(
                flow_id,
                &flow.domain,
                &FlowStage::Done { step: step.clone() },
            );
            self.engine.store.record_flow(&record).await?;
        }
        Ok(step)
    }

    /// Builds the authorize URL for `credential` and records the pending authorization.
    async fn external(
        &self,
        flow_id: &str,
        credential: &ApplicationCredential,
        account_id: Option<&str>,
        inputs: &AccountInputs,
    ) -> Result<FlowStep, FlowError> {
        let engine = &self.engine;
        let domain = credential.domain.as_str();
        let implementation = match engine.resolve(credential, inputs).await {
            Ok(resolved) => resolved,
            Err(ResolveError::Credential(error)) => return Err(error.into()),
            Err(error) => {
                tracing::warn!(domain, %error, "oauth implementation unavailable");
                // Only the binding errors say what the user can do; others may name internals.
                let description = match &error {
                    ResolveError::OtherIssuer { .. } | ResolveError::NoIssuer { .. } => {
                        error.to_string()
                    }
                    _ => String::new(),
                };
                return Ok(FlowStep::abort_with(
                    flow_id,
                    domain,
                    AbortReason::OauthImplementationUnavailable,
                    &description,
                    &[],
                ));
            }
        };
        let state = new_state();
        let pkce = Pkce::new_s256();
        let redirect_uri = engine.ctx.redirect_uri();
        let request = AuthorizeRequest::new(redirect_uri.clone(), state.expose_secret(), &pkce);
        let authorize_url = match tokio::time::timeout(
            engine.config.authorize_url_timeout,
            implementation.authorize_url(&request),
        )
        .await
        {
            Err(_) => {
                return Ok(FlowStep::abort(
                    Some(flow_id),
                    domain,
                    AbortReason::AuthorizeUrlTimeout,
                ));
            }
            Ok(Err(error)) => {
                tracing::warn!(domain, %error, "no authorize URL");
                return Ok(FlowStep::abort(
                    Some(flow_id),
                    domain,
                    AbortReason::NoUrlAvailable,
                ));
            }
            Ok(Ok(url)) => url,
        };
        let now = now_secs();
        let issuer = implementation.issuer().map(str::to_owned);
        let sends_iss = implementation.iss_parameter_supported();
        let authorization = PendingFlow {
            id: secret_state_key(&state),
            domain: domain.to_owned(),
            credential_id: Some(credential.id.clone()),
            account_id: account_id.map(str::to_owned),
            redirect_uri: redirect_uri.to_string(),
            pkce_verifier: Some(pkce.verifier().clone()),
            issuer,
            context: encode(&Authorization {
                flow_id: flow_id.to_owned(),
                sends_iss,
                inputs: inputs.clone(),
            }),
            created_at: now,
            expires_at: now + engine.config.flow_ttl.as_secs(),
        };
        let record = self.stage_record(flow_id, domain, &FlowStage::Authorizing);
        engine
            .store
            .begin_authorization(&authorization, &record)
            .await?;
        Ok(FlowStep::External {
            flow_id: flow_id.to_owned(),
            domain: domain.to_owned(),
            authorize_url,
        })
    }

    /// Checks the callback against its flow, exchanges the code, and links (or updates) the account.
    async fn finish(
        &self,
        flow_id: &str,
        flow: &PendingFlow,
        authorization: &Authorization,
        query: &CallbackQuery,
    ) -> Result<(FlowStep, bool), FlowError> {
        let domain = flow.domain.as_str();
        if let Some(problem) = issuer_problem(flow, authorization, query.iss.as_deref()) {
            tracing::warn!(domain, problem, "callback refused: issuer check (RFC 9207)");
            return Ok((
                FlowStep::abort_with(flow_id, domain, AbortReason::OauthError, problem, &[]),
                false,
            ));
        }
        let Some(code) = query.code.as_deref() else {
            let error = query.error.as_deref().unwrap_or("unknown_error");
            tracing::info!(domain, error, "authorization refused at the provider");
            return Ok((
                FlowStep::abort_with(
                    flow_id,
                    domain,
                    AbortReason::UserRejectedAuthorize,
                    &format!("({error})"),
                    &[("error", error)],
                ),
                false,
            ));
        };
        let credential = match flow.credential_id.as_deref() {
            Some(id) => self.engine.credentials.get(id).await.ok(),
            None => None,
        };
        let Some(credential) = credential else {
            return Ok((
                FlowStep::abort(Some(flow_id), domain, AbortReason::MissingCredentials),
                false,
            ));
        };
        let inputs = &authorization.inputs;
        let implementation = match self.engine.resolve(&credential, inputs).await {
            Ok(implementation) => implementation,
            Err(error) => {
                tracing::warn!(domain, %error, "oauth implementation unavailable");
                return Ok((
                    FlowStep::abort(
                        Some(flow_id),
                        domain,
                        AbortReason::OauthImplementationUnavailable,
                    ),
                    false,
                ));
            }
        };
        let token = match self
            .exchange(implementation.as_ref(), flow, code, &query.others)
            .await
        {
            Ok(token) => token,
            Err((reason, provider_error)) => {
                let mut step = FlowStep::abort(Some(flow_id), domain, reason);
                if let FlowStep::Abort {
                    description_placeholders,
                    ..
                } = &mut step
                {
                    description_placeholders.insert("credential_id".into(), credential.id.into());
                    if let Some(error) = provider_error {
                        description_placeholders.insert("error".into(), error.into());
                    }
                }
                return Ok((step, false));
            }
        };
        match flow.account_id.as_deref() {
            Some(account_id) => {
                self.reauthorized(flow_id, account_id, &credential, &token, inputs)
                    .await
            }
            None => {
                self.link(
                    flow_id,
                    &credential,
                    implementation.name(),
                    token,
                    inputs.clone(),
                )
                .await
            }
        }
    }

    async fn exchange(
        &self,
        implementation: &dyn OAuth2Implementation,
        flow: &PendingFlow,
        code: &str,
        callback_values: &[(String, String)],
    ) -> Result<Token, (AbortReason, Option<String>)> {
        let redirect_uri =
            Url::parse(&flow.redirect_uri).map_err(|_| (AbortReason::OauthError, None))?;
        let pkce = match &flow.pkce_verifier {
            Some(verifier) => Pkce::from_verifier(verifier.expose_secret())
                .map_err(|_| (AbortReason::OauthError, None))?,
            None => Pkce::new_s256(),
        };
        let exchange = CodeExchange::new(code, redirect_uri, &pkce)
            .with_callback_values(callback_values.to_vec());
        let timeout = self.engine.config.token_timeout;
        match tokio::time::timeout(timeout, implementation.exchange_code(&exchange)).await {
            Err(_) | Ok(Err(TokenError::Timeout { .. })) => Err((AbortReason::OauthTimeout, None)),
            Ok(Err(error)) => {
                tracing::warn!(domain = %flow.domain, %error, "code exchange failed");
                let provider_error = match &error {
                    TokenError::Rejected { error, .. } => error.clone(),
                    _ => None,
                };
                Err((abort_reason_of(&error), provider_error))
            }
            Ok(Ok(token)) => match token.check_usable() {
                Ok(()) => Ok(token),
                Err(error) => {
                    tracing::warn!(domain = %flow.domain, %error, "code exchange returned an unusable token");
                    Err((abort_reason_of(&error), None))
                }
            },
        }
    }

    /// Links the new account and records the final step, in one durable commit.
    pub(super) async fn link(
        &self,
        flow_id: &str,
        credential: &ApplicationCredential,
        name: &str,
        token: Token,
        inputs: AccountInputs,
    ) -> Result<(FlowStep, bool), FlowError> {
        let domain = credential.domain.as_str();
        let named = identity_title(&token);
        let mut account = Store::new_account(NewAccount {
            domain: domain.to_owned(),
            title: named.clone().unwrap_or_else(|| name.to_owned()),
            auth_implementation: credential.implementation().to_owned(),
            unique_id: account_identity(&token),
            token,
            inputs,
        });
        if named.is_none() {
            let integration_title = match self.engine.registry.get(domain) {
                Some(integration) => integration.title().to_owned(),
                None => domain.to_owned(),
            };
            account.title = fallback_title(&integration_title, &account.id);
        }
        let linked = FlowStep::CreateEntry {
            flow_id: flow_id.to_owned(),
            account: AccountSummary::from(&account),
        };
        let refused = FlowStep::abort(Some(flow_id), domain, AbortReason::AlreadyConfigured);
        let done = |step: &FlowStep| {
            let stage = FlowStage::Done { step: step.clone() };
            self.stage_record(flow_id, domain, &stage)
        };
        let store = &self.engine.store;
        if !store
            .link_account(&account, &done(&linked), &done(&refused))
            .await?
        {
            return Ok((refused, true));
        }
        tracing::info!(domain = %account.domain, account = %account.id, "account linked");
        Ok((linked, true))
    }

    /// Stores the reauthorized account's token (and credential and inputs) with the final step,
    /// in one durable commit.
    pub(super) async fn reauthorized(
        &self,
        flow_id: &str,
        account_id: &str,
        credential: &ApplicationCredential,
        token: &Token,
        inputs: &AccountInputs,
    ) -> Result<(FlowStep, bool), FlowError> {
        let domain = credential.domain.as_str();
        let step = FlowStep::abort(Some(flow_id), domain, AbortReason::ReauthSuccessful);
        let done = self.stage_record(flow_id, domain, &FlowStage::Done { step: step.clone() });
        let implementation = credential.implementation();
        self.engine
            .store
            .reauthorize_account(account_id, implementation, inputs, token, &done)
            .await?;
        tracing::info!(domain, account = %account_id, "account authorized again");
        Ok((step, true))
    }

    async fn account_of(&self, account_id: &str, domain: &str) -> Result<LinkedAccount, FlowError> {
        match self.engine.store.account(account_id).await {
            Ok(account) if account.domain == domain => Ok(account),
            Ok(_) | Err(StoreError::NotFound { .. }) => Err(FlowError::UnknownAccount {
                account_id: account_id.to_owned(),
                domain: domain.to_owned(),
            }),
            Err(error) => Err(error.into()),
        }
    }

    pub(super) async fn save_stage(
        &self,
        flow_id: &str,
        domain: &str,
        stage: &FlowStage,
    ) -> Result<(), StoreError> {
        let until = now_secs() + self.engine.config.flow_ttl.as_secs();
        self.save_stage_until(flow_id, domain, stage, until).await
    }

    /// Records `stage` under the public flow id, kept until `expires_at`.
    pub(super) async fn save_stage_until(
        &self,
        flow_id: &str,
        domain: &str,
        stage: &FlowStage,
        expires_at: u64,
    ) -> Result<(), StoreError> {
        let mut record = self.stage_record(flow_id, domain, stage);
        record.expires_at = expires_at;
        self.engine.store.insert_pending_flow(&record).await
    }

    /// A flow's public record at `stage`, kept for the flow's lifetime.
    pub(super) fn stage_record(
        &self,
        flow_id: &str,
        domain: &str,
        stage: &FlowStage,
    ) -> PendingFlow {
        let now = now_secs();
        PendingFlow {
            id: flow_id.to_owned(),
            domain: domain.to_owned(),
            credential_id: None,
            account_id: None,
            redirect_uri: String::new(),
            pkce_verifier: None,
            issuer: None,
            context: encode(stage),
            created_at: now,
            expires_at: now + self.engine.config.flow_ttl.as_secs(),
        }
    }
}

fn choice(credential: &ApplicationCredential) -> ImplementationChoice {
    ImplementationChoice {
        id: credential.id.clone(),
        name: credential
            .name
            .clone()
            .unwrap_or_else(|| credential.client_id.clone()),
    }
}

/// The RFC 9207 check: `None` when the callback's `iss` is acceptable.
fn issuer_problem(
    flow: &PendingFlow,
    authorization: &Authorization,
    iss: Option<&str>,
) -> Option<&'static str> {
    let expected = flow.issuer.as_deref()?;
    match iss {
        Some(iss) if iss == expected => None,
        Some(_) => Some("The callback came from another authorization server (issuer mismatch)."),
        None if authorization.sends_iss => {
            Some("The callback lacks the issuer the server always sends.")
        }
        None => None,
    }
}

/// Home Assistant's mapping of a failed code exchange.
pub(super) fn abort_reason_of(error: &TokenError) -> AbortReason {
    match error {
        TokenError::Timeout { .. } => AbortReason::OauthTimeout,
        TokenError::Malformed { .. } => AbortReason::OauthError,
        error if error.requires_reauth() => AbortReason::OauthUnauthorized,
        _ => AbortReason::OauthFailed,
    }
}

/// A provider's id for the user, when the token response carries one (Fitbit's `user_id`,
/// Withings' `userid`, ...): a second link of the same account is refused as `already_configured`.
fn account_identity(token: &Token) -> Option<String> {
    ["user_id", "userid", "account_id", "uid", "sub"]
        .iter()
        .find_map(|field| match token.extra.get(*field)? {
            serde_json::Value::String(id) if !id.is_empty() && id.len() <= 255 => Some(id.clone()),
            serde_json::Value::Number(id) => Some(id.to_string()),
            _ => None,
        })
}
