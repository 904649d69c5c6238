//! [`TokenClient`]: the HTTP client of token requests.
//!
//! `reqwest` over rustls. Redirects are never followed (a token endpoint that redirects is an
//! error, and following would replay the client's credentials elsewhere); every request has a
//! connect timeout and a total timeout (30 s, as the reference's code exchange); the response body
//! is read up to a cap; `Accept: application/json`. Secrets never reach a log line or an error:
//! failures log the provider's `error` and `error_description`, never the body.

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use reqwest::redirect::Policy;
use secrecy::ExposeSecret;
use thiserror::Error;
use url::Url;

use super::error::TokenError;
use super::token::Token;
use super::token_request::TokenRequest;
use super::token_response::{parse_token_response, provider_error};

/// The total timeout of a token request, as the reference's code exchange (`OAUTH_TOKEN_TIMEOUT_SEC`).
pub const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How long establishing the connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest token response read (a token with an ID token is a few kilobytes).
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// The HTTP client of token requests. Cheap to clone (the connection pool is shared).
///
/// ```
/// use std::time::Duration;
/// use appcreds::oauth::TokenClient;
///
/// let client = TokenClient::builder().timeout(Duration::from_secs(5)).build().unwrap();
/// assert_eq!(client.timeout(), Duration::from_secs(5));
/// ```
#[derive(Debug, Clone)]
pub struct TokenClient {
    http: reqwest::Client,
    timeout: Duration,
    max_response_bytes: usize,
}

/// Options of a [`TokenClient`].
#[derive(Debug, Clone)]
pub struct TokenClientBuilder {
    timeout: Duration,
    connect_timeout: Duration,
    max_response_bytes: usize,
}

/// The HTTP client could not be set up (the TLS backend failed to initialise).
#[derive(Debug, Error)]
#[error("could not set up the HTTP client for token requests")]
pub struct ClientBuildError(#[source] reqwest::Error);

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
        let http = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(concat!("appcreds/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(ClientBuildError)?;
        Ok(TokenClient {
            http,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
        })
    }
}

impl TokenClient {
    /// A builder with the defaults: 30 s total, 10 s connect, 256 KiB of response.
    pub fn builder() -> TokenClientBuilder {
        TokenClientBuilder {
            timeout: TOKEN_REQUEST_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }

    /// A client with the defaults.
    pub fn new() -> Result<Self, ClientBuildError> {
        Self::builder().build()
    }

    /// The total timeout of a request.
    pub fn timeout(&self) -> Duration {
        self.timeout
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
        let mut builder = self
            .http
            .post(request.endpoint().clone())
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(request.form_body());
        if let Some(authorization) = request.authorization() {
            let mut value = HeaderValue::from_str(authorization.expose_secret()).map_err(|_| {
                TokenError::Malformed {
                    reason: "the Basic authorization header is not a valid header value".into(),
                }
            })?;
            value.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, value);
        }
        let mut response = builder.send().await.map_err(|e| self.transport_error(&e))?;
        let status = response.status().as_u16();
        let body = self
            .read_body(&mut response, self.max_response_bytes)
            .await?;
        if !(200..300).contains(&status) {
            let provider = provider_error(&body);
            tracing::debug!(
                status,
                error = provider.error.as_deref().unwrap_or("unknown error"),
                error_description = provider.description.as_deref(),
                "token endpoint answered with an error"
            );
        }
        parse_token_response(status, &body, request.token_path())
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
        let mut response = self
            .http
            .get(url.clone())
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| self.transport_error(&e))?;
        let status = response.status().as_u16();
        let body = self.read_body(&mut response, max_bytes).await?;
        Ok((status, body))
    }

    async fn read_body(
        &self,
        response: &mut reqwest::Response,
        max_bytes: usize,
    ) -> Result<Vec<u8>, TokenError> {
        let too_large = || TokenError::Malformed {
            reason: format!("the response is larger than {max_bytes} bytes"),
        };
        if response
            .content_length()
            .is_some_and(|length| length > max_bytes as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(&e))?
        {
            if body.len() + chunk.len() > max_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn transport_error(&self, error: &reqwest::Error) -> TokenError {
        if error.is_timeout() {
            return TokenError::Timeout {
                after: self.timeout,
            };
        }
        let what = if error.is_connect() {
            "could not connect"
        } else {
            "no response"
        };
        TokenError::Unavailable {
            status: None,
            reason: format!("{what}: {}", causes(error)),
        }
    }
}

/// The error's causes, without the URL reqwest puts in its own message.
fn causes(error: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    if parts.is_empty() {
        "the connection failed".to_owned()
    } else {
        parts.join(": ")
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

#[cfg(test)]
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
