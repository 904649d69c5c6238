//! [`OAuth2Implementation`]: one way of linking an account at one authorization server.

use async_trait::async_trait;
use secrecy::SecretString;
use url::Url;

use super::error::{ImplementationError, TokenError};
use super::token::Token;

/// What the flow asks an implementation to put in the authorize URL.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    /// The exact redirect URI of this flow.
    pub redirect_uri: Url,
    /// The opaque state handle of this flow.
    pub state: String,
    /// The PKCE S256 challenge of this flow, when the server uses PKCE.
    pub code_challenge: Option<String>,
}

/// What the flow hands an implementation to exchange an authorization code.
#[derive(Debug, Clone)]
pub struct CodeExchange {
    /// The code from the callback.
    pub code: SecretString,
    /// The redirect URI the flow sent in its authorize URL (sent again, byte for byte).
    pub redirect_uri: Url,
    /// The PKCE verifier of this flow, when the server uses PKCE.
    pub code_verifier: Option<SecretString>,
}

/// One way of linking an account: Home Assistant's `AbstractOAuth2Implementation`.
///
/// The runtime builds one from an `AuthorizationServer` and a user's credential; an integration that
/// needs code returns its own from an `#[auth_implementation]` function.
#[async_trait]
pub trait OAuth2Implementation: Send + Sync {
    /// The label shown when a user picks among several credentials (and the account's default title).
    fn name(&self) -> &str;

    /// The key stored in linked accounts as their `auth_implementation`.
    fn auth_domain(&self) -> &str;

    /// The URL the user is sent to.
    async fn authorize_url(&self, request: &AuthorizeRequest) -> Result<Url, ImplementationError>;

    /// Exchanges the callback's code for a token.
    async fn exchange_code(&self, exchange: &CodeExchange) -> Result<Token, TokenError>;

    /// Refreshes `token`, returning the new one (fields the provider leaves out are the caller's to keep).
    async fn refresh_token(&self, token: &Token) -> Result<Token, TokenError>;
}
