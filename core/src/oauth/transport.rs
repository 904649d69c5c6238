//! [`HttpTransport`]: how token requests and metadata fetches reach the network.
//!
//! The OAuth side of appcreds builds requests and reads answers; sending them is the host's
//! business. An integration crate therefore compiles no HTTP stack: the runtime hands its
//! transport to integrations through [`Context::token_client`](crate::Context::token_client), and
//! the feature `client` provides the standard one (`reqwest` over rustls, no redirects, timeouts,
//! a body cap: [`TokenClient::new`](super::TokenClient::new)). A host may plug in its own (a proxy,
//! a test double that still speaks real HTTP, ...) with [`TokenClient::with_transport`](super::TokenClient::with_transport).

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;
use thiserror::Error;
use url::Url;

/// The two methods the OAuth client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// Metadata documents.
    Get,
    /// Token requests.
    Post,
}

/// One request. Its body and `Authorization` header are secrets: `Debug` shows neither.
#[derive(Clone)]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: HttpMethod,
    /// Where to.
    pub url: Url,
    /// The `Content-Type` of the body, when there is one.
    pub content_type: Option<&'static str>,
    /// The `Authorization` header value (`Basic ...`), when the client authenticates with it.
    pub authorization: Option<SecretString>,
    /// The body (a form with codes, verifiers, refresh tokens or the client secret).
    pub body: SecretString,
    /// The largest response body to read; a longer one is [`TransportError::TooLarge`].
    pub max_response_bytes: usize,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("content_type", &self.content_type)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "[redacted]"),
            )
            .field("body", &"[redacted]")
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// What came back: the status and the whole body (at most the request's cap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
}

/// Why no complete answer came back. Messages never hold the URL's query or a secret.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransportError {
    /// The request took longer than the transport allows.
    #[error("no answer within {after:?}")]
    Timeout {
        /// The transport's total timeout.
        after: Duration,
    },
    /// No connection could be made.
    #[error("could not connect: {reason}")]
    Connect {
        /// The causes.
        reason: String,
    },
    /// The connection broke before the answer was complete.
    #[error("no response: {reason}")]
    NoResponse {
        /// The causes.
        reason: String,
        /// The status line, when it had arrived before the body broke off.
        status: Option<u16>,
    },
    /// The body is longer than the request's cap.
    #[error("the response is larger than {limit} bytes")]
    TooLarge {
        /// The cap.
        limit: usize,
    },
}

/// Sends the OAuth client's requests. Implementations must not follow redirects (a token endpoint
/// that redirects would have the client's credentials replayed elsewhere), must bound the time a
/// request takes, and must stop reading at [`HttpRequest::max_response_bytes`]. Every request
/// asks for `Accept: application/json`.
#[async_trait::async_trait]
pub trait HttpTransport: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` and reads the whole answer.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}
