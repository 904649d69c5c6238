//! [`Revocation`]: what became of a linked account's tokens at the provider when the account was
//! removed (RFC 7009), and how a revocation failure reads.

use serde::Serialize;

use super::error::TokenError;

/// The outcome of revoking an account's tokens: reported to the user (API response, page, CLI) and
/// logged, never with a token.
///
/// ```
/// use appcreds::oauth::Revocation;
///
/// assert_eq!(Revocation::Revoked.status(), "revoked");
/// assert_eq!(
///     serde_json::to_value(Revocation::Failed { reason: "HTTP 503".into() }).unwrap(),
///     serde_json::json!({"status": "failed", "reason": "HTTP 503"}),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "http", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Revocation {
    /// The provider accepted the revocation of every token the account held.
    Revoked,
    /// The provider has no revocation endpoint (neither declared nor in its metadata): the tokens
    /// stay valid until they expire or the user revokes the access at the provider.
    NotSupported,
    /// Revoking failed; the tokens may still be valid at the provider.
    Failed {
        /// Why, naming the token and the provider's answer (never a token).
        reason: String,
    },
}

impl Revocation {
    /// `revoked`, `not_supported` or `failed`.
    pub fn status(&self) -> &'static str {
        match self {
            Revocation::Revoked => "revoked",
            Revocation::NotSupported => "not_supported",
            Revocation::Failed { .. } => "failed",
        }
    }

    /// The reason of a failure.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Revocation::Failed { reason } => Some(reason),
            _ => None,
        }
    }

    /// One sentence for the user: what happened to the tokens at the provider.
    pub fn message(&self) -> String {
        match self {
            Revocation::Revoked => "Its tokens were revoked at the provider.".to_owned(),
            Revocation::NotSupported => "The provider offers no token revocation: revoke the access in your account settings there if you want it gone now.".to_owned(),
            Revocation::Failed { reason } => format!(
                "Revoking its tokens at the provider failed ({reason}): revoke the access in your account settings there."
            ),
        }
    }

    /// The failure of revoking `which` token (`refresh token`, `access token`).
    pub(crate) fn failed(which: &str, error: &TokenError) -> Revocation {
        let reason = match error {
            TokenError::Rejected {
                status,
                error,
                description,
            } => {
                let said = [error.as_deref(), description.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ");
                match said.is_empty() {
                    true => format!("the {which} was refused with HTTP {status}"),
                    false => format!("the {which} was refused with HTTP {status} ({said})"),
                }
            }
            error => format!("the {which}: {error}"),
        };
        Revocation::Failed { reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_name_the_token_and_the_answer() {
        let refused = TokenError::Rejected {
            status: 400,
            error: Some("unsupported_token_type".into()),
            description: None,
        };
        assert_eq!(
            Revocation::failed("access token", &refused).reason(),
            Some("the access token was refused with HTTP 400 (unsupported_token_type)")
        );
        let down = TokenError::Unavailable {
            status: Some(503),
            reason: "HTTP 503: unknown error".into(),
        };
        let failed = Revocation::failed("refresh token", &down);
        assert_eq!(failed.status(), "failed");
        assert!(
            failed.message().contains("HTTP 503"),
            "{}",
            failed.message()
        );
        assert_eq!(Revocation::NotSupported.reason(), None);
    }
}
