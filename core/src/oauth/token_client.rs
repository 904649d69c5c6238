//! [`TokenClient`]: sends token requests and metadata fetches through the host's
//! [`HttpTransport`] and reads the answers.
//!
//! The transport never follows redirects (a token endpoint that redirects is an error, and
//! following would replay the client's credentials elsewhere), bounds the time a request takes,
//! and stops reading at the cap; `Accept: application/json`. Secrets never reach a log line or an
//! error: failures log the provider's `error` and `error_description` (control characters
//! escaped), never the body.

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use super::error::TokenError;
#[cfg(feature = "client")]
pub use super::reqwest_transport::ClientBuildError;
use super::token::Token;
use super::token_request::TokenRequest;
use super::token_response::{ProviderError, parse_token_response, provider_error, status_error};
use super::transport::{HttpMethod, HttpRequest, HttpTransport, TransportError};

/// The total timeout of a token request, as the reference's code exchange (`OAUTH_TOKEN_TIMEOUT_SEC`).
pub const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How long establishing the connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest token response read (a token with an ID token is a few kilobytes).
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// The HTTP client of token requests. Cheap to clone (the transport is shared).
///
/// With the feature `client` (on in hosts), [`TokenClient::new`] and [`TokenClient::builder`]
/// build the standard transport:
///
/// ```
/// # #[cfg(feature = "client")] {
/// use std::time::Duration;
/// use appcreds::oauth::TokenClient;
///
/// let client = TokenClient::builder().timeout(Duration::from_secs(5)).build().unwrap();
/// # let _ = client; }
/// ```
#[derive(Debug, Clone)]
pub struct TokenClient {
    transport: Arc<dyn HttpTransport>,
    max_response_bytes: usize,
}

/// Options of the standard transport (feature `client`).
#[cfg(feature = "client")]
#[derive(Debug, Clone)]
pub struct TokenClientBuilder {
    timeout: Duration,
    connect_timeout: Duration,
    max_response_bytes: usize,
}

#[cfg(feature = "client")]
impl TokenClientBuilder {
    /// The total timeout of a request, from connecting to the end of the body
    /// ([`TOKEN_REQUEST_TIMEOUT`] by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The connect timeout ([`CONNECT_TIMEOUT`] by default).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest response body read ([`MAX_RESPONSE_BYTES`] by default).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<TokenClient, ClientBuildError> {
        let transport =
            super::reqwest_transport::ReqwestTransport::new(self.timeout, self.connect_timeout)?;
        Ok(TokenClient::with_transport(transport).max_response_bytes(self.max_response_bytes))
    }
}

impl TokenClient {
    /// A builder of the standard transport with the defaults: 30 s total, 10 s connect, 256 KiB
    /// of response.
    #[cfg(feature = "client")]
    pub fn builder() -> TokenClientBuilder {
        TokenClientBuilder {
            timeout: TOKEN_REQUEST_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }

    /// The standard transport with the defaults.
    #[cfg(feature = "client")]
    pub fn new() -> Result<Self, ClientBuildError> {
        Self::builder().build()
    }

    /// A client over the host's own transport, reading at most [`MAX_RESPONSE_BYTES`] of a token
    /// response.
    pub fn with_transport(transport: impl HttpTransport) -> Self {
        TokenClient {
            transport: Arc::new(transport),
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }

    /// Reads at most `bytes` of a token response.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Sends `request` and reads the answer into a token. `label` (the auth domain) names the
    /// request in logs.
    pub async fn send(&self, request: &TokenRequest, label: &str) -> Result<Token, TokenError> {
        let endpoint = loggable(request.endpoint());
        tracing::debug!(auth_domain = label, %endpoint, "sending token request");
        let result = self.exchange(request).await;
        match &result {
            Ok(_) => tracing::debug!(auth_domain = label, %endpoint, "token request succeeded"),
            Err(error) => tracing::debug!(
                auth_domain = label,
                %endpoint,
                status = error.status(),
                "token request failed: {error}"
            ),
        }
        result
    }

    async fn exchange(&self, request: &TokenRequest) -> Result<Token, TokenError> {
        let (status, body) = self.post_form(request).await?;
        parse_token_response(
            status,
            &body,
            request.token_path(),
            request.token_fallback_path(),
        )
    }

    /// Posts `request` as a form (its client authentication included) and returns the status and
    /// the body, unread: for requests whose answer is no token (revocation, device
    /// authorization). An error status is logged with the provider's `error`, never the body.
    pub async fn post_form(&self, request: &TokenRequest) -> Result<(u16, Vec<u8>), TokenError> {
        let response = self
            .transport
            .send(HttpRequest {
                method: HttpMethod::Post,
                url: request.endpoint().clone(),
                content_type: Some(request.content_type()),
                authorization: request.authorization().cloned(),
                body: SecretString::from(request.body()),
                max_response_bytes: self.max_response_bytes,
            })
            .await
            .map_err(token_error)?;
        if !(200..300).contains(&response.status) {
            let provider = provider_error(&response.body);
            tracing::debug!(
                status = response.status,
                error = provider.error.as_deref().unwrap_or("unknown error"),
                error_description = provider.description.as_deref(),
                "the endpoint answered with an error"
            );
        }
        Ok((response.status, response.body))
    }

    /// `POST url` with a JSON `body` (a dynamic client registration, RFC 7591), under the same
    /// rules as token requests: the status and the body, unread. The body may hold secrets.
    pub async fn post_json(
        &self,
        url: &Url,
        body: SecretString,
    ) -> Result<(u16, Vec<u8>), TokenError> {
        tracing::debug!(url = %loggable(url), "posting JSON");
        let response = self
            .transport
            .send(HttpRequest {
                method: HttpMethod::Post,
                url: url.clone(),
                content_type: Some("application/json"),
                authorization: None,
                body,
                max_response_bytes: self.max_response_bytes,
            })
            .await
            .map_err(token_error)?;
        Ok((response.status, response.body))
    }

    /// Sends a revocation request (RFC 7009 §2.1): any 2xx is success (the server answers 200
    /// for a token it does not know, too); any other answer is the error its status and body mean.
    pub async fn revoke(&self, request: &TokenRequest, label: &str) -> Result<(), TokenError> {
        let endpoint = loggable(request.endpoint());
        tracing::debug!(auth_domain = label, %endpoint, "sending revocation request");
        let (status, body) = self.post_form(request).await?;
        match (200..300).contains(&status) {
            true => Ok(()),
            false => Err(status_error(status, &provider_error(&body))),
        }
    }

    /// `GET url` with `Accept: application/json`, under the same rules as token requests (no
    /// redirects followed, the timeouts), reading at most `max_bytes` of body: the status and the
    /// body. Used to fetch authorization server metadata ([`crate::discovery::fetch`]).
    pub async fn get_json(
        &self,
        url: &Url,
        max_bytes: usize,
    ) -> Result<(u16, Vec<u8>), TokenError> {
        tracing::debug!(url = %loggable(url), "fetching");
        let response = self
            .transport
            .send(HttpRequest {
                method: HttpMethod::Get,
                url: url.clone(),
                content_type: None,
                authorization: None,
                body: SecretString::from(String::new()),
                max_response_bytes: max_bytes,
            })
            .await
            .map_err(token_error)?;
        Ok((response.status, response.body))
    }
}

/// What a transport failure means for a token request. A body that broke off after the status
/// line arrived is classified by that status (a 401 is still a refusal).
fn token_error(error: TransportError) -> TokenError {
    match error {
        TransportError::Timeout { after } => TokenError::Timeout { after },
        TransportError::TooLarge { limit } => TokenError::Malformed {
            reason: format!("the response is larger than {limit} bytes"),
        },
        TransportError::NoResponse {
            status: Some(status),
            ..
        } if (400..500).contains(&status) && status != 429 => {
            status_error(status, &ProviderError::default())
        }
        error @ (TransportError::Connect { .. } | TransportError::NoResponse { .. }) => {
            TokenError::Unavailable {
                status: None,
                reason: error.to_string(),
            }
        }
    }
}

/// The endpoint without query, fragment or user information, for logs.
fn loggable(endpoint: &Url) -> String {
    let mut url = endpoint.clone();
    url.set_query(None);
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.to_string()
}

#[cfg(all(test, feature = "client"))]
mod tests {
    use super::*;

    #[test]
    fn logs_never_show_query_or_user_information() {
        let url = Url::parse("https://user:pw@example.com/token?key=secret#x").unwrap();
        assert_eq!(loggable(&url), "https://example.com/token");
    }

    #[tokio::test]
    async fn no_listener_is_a_transient_failure() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let endpoint = Url::parse(&format!("http://127.0.0.1:{port}/token")).unwrap();
        let client = TokenClient::new().unwrap();
        let error = client
            .send(&TokenRequest::new(endpoint, "refresh_token"), "test")
            .await
            .unwrap_err();
        assert!(
            matches!(error, TokenError::Unavailable { status: None, .. }),
            "{error:?}"
        );
        assert!(!error.requires_reauth());
        assert!(!error.to_string().contains("127.0.0.1"), "{error}");
    }
}
