//! Typed errors of token requests and implementations.

use std::time::Duration;

use appcreds_rules::provider_text::Escaped;
use thiserror::Error;

/// Why a token request (code exchange or refresh) failed, classified as Home Assistant does:
/// [`TokenError::requires_reauth`] tells a dead grant from a passing failure.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TokenError {
    /// The server refused the grant or the client (HTTP 4xx other than 429, `invalid_grant`,
    /// `invalid_client`): the account must be linked again.
    #[error(
        "the authorization server refused the request (HTTP {status}: {}); link the account again",
        describe(error, description)
    )]
    Rejected {
        /// The HTTP status.
        status: u16,
        /// The provider's `error` code.
        error: Option<String>,
        /// The provider's `error_description`.
        description: Option<String>,
    },
    /// The server is busy or failing (429, 5xx), did not answer, or answered with something other
    /// than a token or an error (a redirect, which is never followed): try again later.
    #[error(
        "the authorization server is unavailable ({}); try again later",
        Escaped(reason)
    )]
    Unavailable {
        /// The HTTP status, when there was a response.
        status: Option<u16>,
        /// What happened.
        reason: String,
    },
    /// The response is not a usable token (not JSON, no `access_token`, a bad `expires_in`).
    #[error("the token response is unusable: {}", Escaped(reason))]
    Malformed {
        /// What is wrong, naming the field; never the body.
        reason: String,
    },
    /// No answer in time.
    #[error("the token request timed out after {:.1} s; try again", after.as_secs_f64())]
    Timeout {
        /// The timeout that elapsed.
        after: Duration,
    },
    /// The token has no refresh token, so it cannot be refreshed: the account must be linked again.
    #[error("the token has no refresh token; link the account again")]
    NotRefreshable,
}

impl TokenError {
    /// Whether only linking the account again can fix this.
    pub fn requires_reauth(&self) -> bool {
        matches!(
            self,
            TokenError::Rejected { .. } | TokenError::NotRefreshable
        )
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            TokenError::Rejected { status, .. } => Some(*status),
            TokenError::Unavailable { status, .. } => *status,
            TokenError::Malformed { .. }
            | TokenError::Timeout { .. }
            | TokenError::NotRefreshable => None,
        }
    }
}

/// The provider's `error: description`, escaped: a custom implementation may build a
/// [`TokenError`] from raw provider text, and this is what gets logged.
fn describe(error: &Option<String>, description: &Option<String>) -> String {
    match (error, description) {
        (Some(e), Some(d)) => format!("{}: {}", Escaped(e), Escaped(d)),
        (Some(e), None) => Escaped(e).to_string(),
        (None, Some(d)) => Escaped(d).to_string(),
        (None, None) => "unknown error".to_owned(),
    }
}

/// A failure of an implementation outside token requests (building the authorize URL, say).
#[derive(Debug, Error)]
#[error("{message}")]
pub struct ImplementationError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl ImplementationError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        ImplementationError {
            message: message.into(),
            source: None,
        }
    }

    /// An error with this message, caused by `source`.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        ImplementationError {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        let rejected = TokenError::Rejected {
            status: 400,
            error: Some("invalid_grant".into()),
            description: None,
        };
        assert!(rejected.requires_reauth());
        assert!(rejected.to_string().contains("invalid_grant"));
        assert!(
            !TokenError::Unavailable {
                status: Some(429),
                reason: "rate limited".into()
            }
            .requires_reauth()
        );
        let timeout = TokenError::Timeout {
            after: Duration::from_millis(1500),
        };
        assert!(!timeout.requires_reauth());
        assert!(timeout.to_string().contains("1.5 s"), "{timeout}");
        assert!(TokenError::NotRefreshable.requires_reauth());
    }
}
