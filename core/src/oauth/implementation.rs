//! [`OAuth2Implementation`]: one way of linking an account at one authorization server.

use std::time::Duration;

use async_trait::async_trait;
use secrecy::SecretString;
use url::Url;

use super::device::{DeviceAuthorization, DevicePoll};
use super::error::{ImplementationError, TokenError};
use super::pkce::Pkce;
use super::revocation::Revocation;
use super::token::Token;

/// What the flow asks an implementation to put in the authorize URL.
///
/// The flow always creates a new [`Pkce`] and hands over its challenge; the implementation sends it
/// only when its server uses PKCE (and then sends the verifier of [`CodeExchange`] too).
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    /// The exact redirect URI of this flow.
    pub redirect_uri: Url,
    /// The opaque state handle of this flow.
    pub state: String,
    /// The PKCE S256 challenge of this flow.
    pub code_challenge: String,
}

impl AuthorizeRequest {
    /// The request of a flow with this redirect URI, state and PKCE pair.
    pub fn new(redirect_uri: Url, state: impl Into<String>, pkce: &Pkce) -> Self {
        AuthorizeRequest {
            redirect_uri,
            state: state.into(),
            code_challenge: pkce.challenge().to_owned(),
        }
    }
}

/// What the flow hands an implementation to exchange an authorization code.
#[derive(Debug, Clone)]
pub struct CodeExchange {
    /// The code from the callback.
    pub code: SecretString,
    /// The redirect URI the flow sent in its authorize URL (sent again, byte for byte).
    pub redirect_uri: Url,
    /// The PKCE verifier of this flow.
    pub code_verifier: SecretString,
    /// The callback's other parameters (neither code, state, iss nor an error), for servers that
    /// keep some with the account (QuickBooks' `realmId`, see
    /// [`AuthorizationServer::callback_value`](crate::AuthorizationServer::callback_value)).
    pub callback_values: Vec<(String, String)>,
}

impl CodeExchange {
    /// The exchange of `code` for the flow with this redirect URI and PKCE pair.
    pub fn new(code: impl Into<String>, redirect_uri: Url, pkce: &Pkce) -> Self {
        CodeExchange {
            code: SecretString::from(code.into()),
            redirect_uri,
            code_verifier: pkce.verifier().clone(),
            callback_values: Vec::new(),
        }
    }

    /// With the callback's other parameters.
    pub fn with_callback_values(mut self, values: Vec<(String, String)>) -> Self {
        self.callback_values = values;
        self
    }

    /// The value of the callback parameter `name`, if the callback carried it.
    pub fn callback_value(&self, name: &str) -> Option<&str> {
        self.callback_values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One way of linking an account: Home Assistant's `AbstractOAuth2Implementation`.
///
/// The runtime builds a [`LocalImplementation`](super::LocalImplementation) from an
/// `AuthorizationServer` and a user's credential; an integration that needs code returns its own
/// from an `#[auth_implementation]` function.
#[async_trait]
pub trait OAuth2Implementation: Send + Sync {
    /// The label shown when a user picks among several credentials (and the account's default title).
    fn name(&self) -> &str;

    /// The key stored in linked accounts as their `auth_implementation`.
    fn auth_domain(&self) -> &str;

    /// The issuer the callback's `iss` must equal (RFC 9207), if the server declares one.
    fn issuer(&self) -> Option<&str> {
        None
    }

    /// How long before expiry this server's tokens are refreshed, instead of the engine's default.
    fn refresh_margin(&self) -> Option<Duration> {
        None
    }

    /// Whether the server always sends `iss` in the callback (RFC 9207); a callback without it is
    /// then refused. Only meaningful with [`issuer`](Self::issuer).
    fn iss_parameter_supported(&self) -> bool {
        false
    }

    /// The URL the user is sent to.
    async fn authorize_url(&self, request: &AuthorizeRequest) -> Result<Url, ImplementationError>;

    /// Exchanges the callback's code for a token.
    async fn exchange_code(&self, exchange: &CodeExchange) -> Result<Token, TokenError>;

    /// Refreshes `token`, returning the new one.
    ///
    /// Fields the provider leaves out (the refresh token, extra fields) are kept from `token` by
    /// [`Token::merged_over`]: [`LocalImplementation`](super::LocalImplementation) already does it,
    /// and the session layer applies it again to whatever any implementation returns (merging is
    /// idempotent).
    async fn refresh_token(&self, token: &Token) -> Result<Token, TokenError>;

    /// Whether accounts can be linked with the device authorization grant (RFC 8628): the server
    /// has a device authorization endpoint. The default has none.
    fn supports_device_flow(&self) -> bool {
        false
    }

    /// Starts a device authorization (RFC 8628 §3.1): the codes to show the user. Only called
    /// when [`supports_device_flow`](Self::supports_device_flow) says so.
    async fn device_authorization(&self) -> Result<DeviceAuthorization, TokenError> {
        Err(TokenError::Unavailable {
            status: None,
            reason: "this implementation has no device authorization endpoint".to_owned(),
        })
    }

    /// Asks the token endpoint once whether the user approved `device_code` (RFC 8628 §3.4).
    async fn poll_device(&self, device_code: &SecretString) -> DevicePoll {
        let _ = device_code;
        DevicePoll::Failed(TokenError::Unavailable {
            status: None,
            reason: "this implementation has no device flow".to_owned(),
        })
    }

    /// Revokes `token` at the provider (RFC 7009) when its account is removed: the refresh token
    /// first, then the access token. The default revokes nothing and says so.
    async fn revoke(&self, token: &Token) -> Revocation {
        let _ = token;
        Revocation::NotSupported
    }
}
