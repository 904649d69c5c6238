//! The standard [`HttpTransport`] (feature `client`): `reqwest` over rustls. Redirects are never
//! followed, every request has a connect timeout and a total timeout, and the body is read up to
//! the request's cap.

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use reqwest::redirect::Policy;
use secrecy::ExposeSecret;
use thiserror::Error;

use super::transport::{HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError};

/// The HTTP client could not be set up (the TLS backend failed to initialise).
#[derive(Debug, Error)]
#[error("could not set up the HTTP client for token requests")]
pub struct ClientBuildError(#[source] reqwest::Error);

/// [`HttpTransport`] over a `reqwest` client (shared connection pool; cheap to clone).
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    http: reqwest::Client,
    timeout: Duration,
}

impl ReqwestTransport {
    /// A transport with these timeouts (total, connect).
    pub fn new(timeout: Duration, connect_timeout: Duration) -> Result<Self, ClientBuildError> {
        let http = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .user_agent(concat!("appcreds/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(ClientBuildError)?;
        Ok(ReqwestTransport { http, timeout })
    }

    fn error(&self, error: &reqwest::Error, status: Option<u16>) -> TransportError {
        if error.is_timeout() {
            return TransportError::Timeout {
                after: self.timeout,
            };
        }
        let reason = causes(error);
        match error.is_connect() {
            true => TransportError::Connect { reason },
            false => TransportError::NoResponse { reason, status },
        }
    }

    async fn read_body(
        &self,
        response: &mut reqwest::Response,
        limit: usize,
    ) -> Result<Vec<u8>, TransportError> {
        let status = Some(response.status().as_u16());
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(TransportError::TooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.error(&e, status))? {
            if body.len() + chunk.len() > limit {
                return Err(TransportError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

#[async_trait::async_trait]
impl HttpTransport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
        };
        let mut builder = self
            .http
            .request(method, request.url.clone())
            .header(ACCEPT, "application/json");
        if let Some(content_type) = request.content_type {
            builder = builder
                .header(CONTENT_TYPE, content_type)
                .body(request.body.expose_secret().to_owned());
        }
        if let Some(authorization) = &request.authorization {
            let mut value = HeaderValue::from_str(authorization.expose_secret()).map_err(|_| {
                TransportError::Connect {
                    reason: "the authorization header is not a valid header value".into(),
                }
            })?;
            value.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, value);
        }
        let mut response = builder.send().await.map_err(|e| self.error(&e, None))?;
        let status = response.status().as_u16();
        let body = self
            .read_body(&mut response, request.max_response_bytes)
            .await?;
        Ok(HttpResponse { status, body })
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
