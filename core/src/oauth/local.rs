//! [`LocalImplementation`]: the implementation built from an integration's validated
//! [`AuthorizationServer`] and a user's [`ClientCredential`] (Home Assistant's `AuthImplementation`).

use std::time::Duration;

use async_trait::async_trait;
use secrecy::ExposeSecret;
use url::Url;

use super::authorize_url::authorize_url_with;
use super::device::{DEVICE_CODE_GRANT, DeviceAuthorization, DevicePoll};
use super::error::{ImplementationError, TokenError};
use super::implementation::{AuthorizeRequest, CodeExchange, OAuth2Implementation};
use super::pkce::PKCE_METHOD;
use super::revocation::Revocation;
use super::token::Token;
use super::token_client::TokenClient;
use super::token_request::TokenRequest;
#[cfg(doc)]
use crate::authorization_server::AuthorizationServer;
use crate::authorization_server::ValidServer;
use crate::credential::ClientCredential;

/// Links accounts at a declared [`AuthorizationServer`], once [validated](AuthorizationServer::validate),
/// with a user's [`ClientCredential`], honouring every option of the server:
///
/// - **authorize URL**: the endpoint's own query kept, then `response_type=code` (unless
///   [`send_response_type`](AuthorizationServer::send_response_type)`(false)`), `client_id`,
///   `redirect_uri`, `state`, `code_challenge` and `code_challenge_method=S256` (when PKCE is on),
///   the extra authorize parameters, and `scope` joined with the server's separator;
/// - **code exchange**: `grant_type=authorization_code`, `code`, the flow's exact `redirect_uri`,
///   `code_verifier` (when PKCE is on), the extra token parameters, then client authentication;
/// - **refresh**: `grant_type=refresh_token`, `refresh_token`, `redirect_uri` (only with
///   [`redirect_uri_on_refresh`](AuthorizationServer::redirect_uri_on_refresh), the URI given to
///   [`with_redirect_uri`](Self::with_redirect_uri)), the extra token parameters, client
///   authentication; the answer is merged over the old token ([`Token::merged_over`]);
/// - **client authentication**: `client_secret_post`, `client_secret_basic` (RFC 6749 §2.3.1
///   encoding, nothing in the body) or a public client (only `client_id`), see
///   [`TokenRequest::client_auth`]. A server declared a
///   [`public_client`](AuthorizationServer::public_client) never sends a secret, even when the
///   stored credential has one;
/// - **refresh endpoint**: refreshes go to the server's
///   [`refresh_url`](AuthorizationServer::refresh_url) when it declares one (Figma);
/// - **body and names**: parameters are a form, or a JSON object with
///   [`token_body`](AuthorizationServer::token_body)`(TokenBody::Json)` (Notion); the client id is
///   sent under [`client_id_param`](AuthorizationServer::client_id_param) in the authorize URL and
///   token requests (TikTok's `client_key`);
/// - **account values**: the callback parameters and token fields the server declares
///   ([`callback_value`](AuthorizationServer::callback_value),
///   [`token_value`](AuthorizationServer::token_value)) are required at the code exchange and kept
///   in the token's extra fields;
/// - **revocation** (RFC 7009, when the server has a
///   [`revocation_url`](AuthorizationServer::revocation_url)): `token` with
///   `token_type_hint=refresh_token` (when there is one), then the access token with
///   `token_type_hint=access_token`, each with the client authentication (not the extra token
///   parameters, which belong to token requests); the first failure is the outcome;
/// - **device flow** (RFC 8628, when the server has a
///   [`device_authorization_url`](AuthorizationServer::device_authorization_url)): `scope` and the
///   client authentication to that endpoint; then polls with `grant_type=` [`DEVICE_CODE_GRANT`],
///   `device_code`, the extra token parameters and the client authentication;
/// - **token endpoint**: posted to as declared, its own query kept (Overkiz' `?p=...`); the token
///   is read from the server's [`token_response_path`](AuthorizationServer::token_response_path)
///   when it has one (Withings' `body`).
///
/// Its name is the credential's name, or the client id without one.
///
/// ```
/// use appcreds::{AuthorizationServer, ClientCredential};
/// use appcreds::oauth::{AuthorizeRequest, LocalImplementation, OAuth2Implementation, Pkce, TokenClient};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let server = AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
///     .scopes(["read", "write"])
///     .validate()
///     .unwrap();
/// let implementation = LocalImplementation::new(
///     "example", server, ClientCredential::new("client", "secret"), TokenClient::new().unwrap(),
/// );
/// let pkce = Pkce::new_s256();
/// let redirect_uri = "https://home.example/auth/external/callback".parse().unwrap();
/// let url = implementation.authorize_url(&AuthorizeRequest::new(redirect_uri, "st", &pkce)).await.unwrap();
/// assert_eq!(
///     url.as_str(),
///     format!("https://example.com/authorize?response_type=code&client_id=client\
///         &redirect_uri=https://home.example/auth/external/callback&state=st\
///         &code_challenge={}&code_challenge_method=S256&scope=read+write", pkce.challenge()),
/// );
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct LocalImplementation {
    auth_domain: String,
    name: String,
    server: ValidServer,
    credential: ClientCredential,
    client: TokenClient,
    redirect_uri: Option<Url>,
}

impl LocalImplementation {
    /// The implementation of `credential` at `server`, stored in linked accounts as
    /// `auth_domain`, sending its token requests with `client`.
    pub fn new(
        auth_domain: impl Into<String>,
        server: ValidServer,
        credential: ClientCredential,
        client: TokenClient,
    ) -> Self {
        let name = credential
            .name()
            .unwrap_or(credential.client_id())
            .to_owned();
        LocalImplementation {
            auth_domain: auth_domain.into(),
            name,
            server,
            credential,
            client,
            redirect_uri: None,
        }
    }

    /// The redirect URI refresh requests carry when the server asks for it
    /// ([`AuthorizationServer::redirect_uri_on_refresh`]); the engine sets its context's redirect
    /// URI. Without it, refreshes at such a server fail with a [`TokenError::Malformed`] that names
    /// the fix, and nothing is sent.
    pub fn with_redirect_uri(mut self, redirect_uri: Url) -> Self {
        self.redirect_uri = Some(redirect_uri);
        self
    }

    /// The server it links accounts at.
    pub fn server(&self) -> &ValidServer {
        &self.server
    }

    /// The client id of its credential.
    pub fn client_id(&self) -> &str {
        self.credential.client_id()
    }

    /// The token endpoint.
    pub fn token_url(&self) -> &Url {
        self.server.token_url()
    }

    /// Revokes one token at `endpoint` with the client authentication; `Err` is the outcome.
    async fn revoke_one(
        &self,
        endpoint: &Url,
        token: &secrecy::SecretString,
        hint: &str,
    ) -> Result<(), Revocation> {
        let request = TokenRequest::without_grant(endpoint.clone())
            .secret_param("token", token)
            .param("token_type_hint", hint)
            .client_auth(self.server.client_auth(), &self.credential)
            .rename_param("client_id", self.server.client_id_param());
        self.client
            .revoke(&request, &self.auth_domain)
            .await
            .map_err(|error| Revocation::failed(&hint.replace('_', " "), &error))
    }

    /// Adds the extra token parameters and the client authentication (under the server's name
    /// for the client id), sets the body format and where the token is read, then sends.
    async fn send(&self, request: TokenRequest) -> Result<Token, TokenError> {
        let server = &self.server;
        let mut request = server
            .token_params()
            .iter()
            .fold(request, |request, (name, value)| {
                request.param(name.as_str(), value.as_str())
            })
            .client_auth(server.client_auth(), &self.credential)
            .rename_param("client_id", server.client_id_param())
            .body_format(server.token_body());
        if let Some(path) = server.token_response_path() {
            request = request.response_path(path);
        }
        if let Some(path) = server.token_response_fallback_path() {
            request = request.response_fallback_path(path);
        }
        self.client.send(&request, &self.auth_domain).await
    }

    /// The account values the server declares, checked and kept in the token's extra fields:
    /// the callback's ([`AuthorizationServer::callback_value`]) copied in, the token response's
    /// ([`AuthorizationServer::token_value`]) required. A missing one fails the exchange with a
    /// [`TokenError::Malformed`] naming it.
    fn keep_account_values(
        &self,
        mut token: Token,
        exchange: &CodeExchange,
    ) -> Result<Token, TokenError> {
        for name in self.server.callback_values() {
            let value = exchange
                .callback_value(name)
                .ok_or_else(|| TokenError::Malformed {
                    reason: format!(
                        "the authorization callback has no `{name}`, which the server declares as a callback value"
                    ),
                })?;
            token.extra.insert(name.clone(), value.into());
        }
        for name in self.server.token_values() {
            if token.extra.get(name).is_none_or(serde_json::Value::is_null) {
                return Err(TokenError::Malformed {
                    reason: format!(
                        "the token response has no `{name}`, which the server declares as a token value"
                    ),
                });
            }
        }
        Ok(token)
    }
}

#[async_trait]
impl OAuth2Implementation for LocalImplementation {
    fn name(&self) -> &str {
        &self.name
    }

    fn auth_domain(&self) -> &str {
        &self.auth_domain
    }

    fn issuer(&self) -> Option<&str> {
        self.server.issuer()
    }

    fn refresh_margin(&self) -> Option<Duration> {
        self.server.refresh_margin()
    }

    fn iss_parameter_supported(&self) -> bool {
        self.server.iss_parameter_supported()
    }

    async fn authorize_url(&self, request: &AuthorizeRequest) -> Result<Url, ImplementationError> {
        let scope = self.server.scope_param();
        let mut params: Vec<(&str, &str)> = Vec::new();
        if self.server.send_response_type() {
            params.push(("response_type", "code"));
        }
        params.extend([
            (self.server.client_id_param(), self.credential.client_id()),
            ("redirect_uri", request.redirect_uri.as_str()),
            ("state", &request.state),
        ]);
        if self.server.pkce() {
            params.push(("code_challenge", &request.code_challenge));
            params.push(("code_challenge_method", PKCE_METHOD));
        }
        params.extend(
            self.server
                .authorize_params()
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        );
        if let Some(scope) = &scope {
            params.push(("scope", scope));
        }
        Ok(authorize_url_with(self.server.authorize_url(), &params))
    }

    async fn exchange_code(&self, exchange: &CodeExchange) -> Result<Token, TokenError> {
        let mut request = TokenRequest::new(self.token_url().clone(), "authorization_code")
            .secret_param("code", &exchange.code)
            .param("redirect_uri", exchange.redirect_uri.as_str());
        if self.server.pkce() {
            request = request.secret_param("code_verifier", &exchange.code_verifier);
        }
        let token = self.send(request).await?;
        self.keep_account_values(token, exchange)
    }

    async fn refresh_token(&self, token: &Token) -> Result<Token, TokenError> {
        let refresh_token = token
            .refresh_token
            .as_ref()
            .filter(|t| !t.expose_secret().is_empty())
            .ok_or(TokenError::NotRefreshable)?;
        let endpoint = self.server.refresh_url().unwrap_or(self.token_url());
        let mut request = TokenRequest::new(endpoint.clone(), "refresh_token")
            .secret_param("refresh_token", refresh_token);
        if self.server.redirect_uri_on_refresh() {
            let redirect_uri = self.redirect_uri.as_ref().ok_or_else(|| TokenError::Malformed {
                reason: "the server wants `redirect_uri` on refresh but the implementation has none; build it with `.with_redirect_uri(..)`".to_owned(),
            })?;
            request = request.param("redirect_uri", redirect_uri.as_str());
        }
        Ok(self.send(request).await?.merged_over(token))
    }

    fn supports_device_flow(&self) -> bool {
        self.server.device_authorization_url().is_some()
    }

    async fn device_authorization(&self) -> Result<DeviceAuthorization, TokenError> {
        let endpoint =
            self.server
                .device_authorization_url()
                .ok_or_else(|| TokenError::Unavailable {
                    status: None,
                    reason: "the server has no device authorization endpoint".to_owned(),
                })?;
        let mut request = TokenRequest::without_grant(endpoint.clone());
        if let Some(scope) = self.server.scope_param() {
            request = request.param("scope", scope);
        }
        let request = request
            .client_auth(self.server.client_auth(), &self.credential)
            .rename_param("client_id", self.server.client_id_param());
        let (status, body) = self.client.post_form(&request).await?;
        DeviceAuthorization::parse(status, &body)
    }

    async fn poll_device(&self, device_code: &secrecy::SecretString) -> DevicePoll {
        let request = TokenRequest::new(self.token_url().clone(), DEVICE_CODE_GRANT)
            .secret_param("device_code", device_code);
        DevicePoll::of(self.send(request).await)
    }

    async fn revoke(&self, token: &Token) -> Revocation {
        let Some(endpoint) = self.server.revocation_url() else {
            return Revocation::NotSupported;
        };
        let refresh = token
            .refresh_token
            .as_ref()
            .filter(|t| !t.expose_secret().is_empty());
        let revoked = async {
            if let Some(refresh) = refresh {
                self.revoke_one(endpoint, refresh, "refresh_token").await?;
            }
            self.revoke_one(endpoint, &token.access_token, "access_token")
                .await
        };
        match revoked.await {
            Ok(()) => Revocation::Revoked,
            Err(failed) => failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::Pkce;
    use crate::{AuthorizationServer, ClientAuth};

    fn implementation(server: AuthorizationServer) -> LocalImplementation {
        LocalImplementation::new(
            "demo",
            server.validate().unwrap(),
            ClientCredential::new("the client", "secret").with_name("Home"),
            TokenClient::new().unwrap(),
        )
    }

    fn request(pkce: &Pkce) -> AuthorizeRequest {
        AuthorizeRequest::new(
            Url::parse("https://home.example/auth/external/callback").unwrap(),
            "the-state",
            pkce,
        )
    }

    #[tokio::test]
    async fn authorize_url_order_and_options() {
        let server = AuthorizationServer::new(
            "https://example.com/authorize?p=signin",
            "https://example.com/token",
        )
        .pkce(false)
        .scopes(["a", "b"])
        .scope_separator(",")
        .authorize_param("access_type", "offline")
        .authorize_param("prompt", "consent")
        .client_auth(ClientAuth::ClientSecretBasic);
        let pkce = Pkce::new_s256();
        let url = implementation(server)
            .authorize_url(&request(&pkce))
            .await
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://example.com/authorize?p=signin&response_type=code&client_id=the+client\
             &redirect_uri=https://home.example/auth/external/callback&state=the-state\
             &access_type=offline&prompt=consent&scope=a,b"
        );
    }

    #[tokio::test]
    async fn name_and_server_options() {
        let server = AuthorizationServer::new("https://example.com/a", "https://example.com/t")
            .issuer("https://example.com")
            .refresh_margin(Duration::from_secs(60));
        let implementation = implementation(server);
        assert_eq!(implementation.name(), "Home");
        assert_eq!(implementation.auth_domain(), "demo");
        assert_eq!(implementation.issuer(), Some("https://example.com"));
        assert_eq!(
            implementation.refresh_margin(),
            Some(Duration::from_secs(60))
        );
        let unnamed = LocalImplementation::new(
            "demo",
            implementation.server().clone(),
            ClientCredential::new("cid", "s"),
            TokenClient::new().unwrap(),
        );
        assert_eq!(unnamed.name(), "cid");
        assert!(!format!("{unnamed:?}").contains("\"s\""));
    }

    #[tokio::test]
    async fn refresh_without_refresh_token_sends_nothing() {
        let server = AuthorizationServer::new("https://example.com/a", "https://example.com/t");
        let error = implementation(server)
            .refresh_token(&Token::bearer("at"))
            .await
            .unwrap_err();
        assert_eq!(error, TokenError::NotRefreshable);
    }
}
