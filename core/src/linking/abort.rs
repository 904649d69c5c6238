//! [`AbortReason`]: why a flow ended without linking an account, with Home Assistant's reason codes.

use serde::{Deserialize, Serialize};

/// Why a flow stopped, as Home Assistant names it. The HTTP API and the page show the code and
/// [`AbortReason::message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbortReason {
    /// The domain is not a registered integration.
    MissingConfiguration,
    /// The integration is registered but no application credential is stored for it.
    MissingCredentials,
    /// The integration's `#[authorization_server]` or `#[auth_implementation]` failed.
    OauthImplementationUnavailable,
    /// Building the authorize URL took longer than its timeout.
    AuthorizeUrlTimeout,
    /// The implementation could not build an authorize URL.
    NoUrlAvailable,
    /// The token endpoint answered with something that is not a usable token.
    OauthError,
    /// The token endpoint failed (429, 5xx) or did not answer.
    OauthFailed,
    /// The token request timed out.
    OauthTimeout,
    /// The token endpoint refused the code or the client (4xx other than 429).
    OauthUnauthorized,
    /// The user (or the provider) refused the authorization; the provider's `error` is kept.
    UserRejectedAuthorize,
    /// The account is already linked.
    AlreadyConfigured,
    /// A reauthentication succeeded: the existing account was updated in place.
    ReauthSuccessful,
}

impl AbortReason {
    /// The reason code, such as `missing_credentials`.
    pub fn code(self) -> &'static str {
        match self {
            AbortReason::MissingConfiguration => "missing_configuration",
            AbortReason::MissingCredentials => "missing_credentials",
            AbortReason::OauthImplementationUnavailable => "oauth_implementation_unavailable",
            AbortReason::AuthorizeUrlTimeout => "authorize_url_timeout",
            AbortReason::NoUrlAvailable => "no_url_available",
            AbortReason::OauthError => "oauth_error",
            AbortReason::OauthFailed => "oauth_failed",
            AbortReason::OauthTimeout => "oauth_timeout",
            AbortReason::OauthUnauthorized => "oauth_unauthorized",
            AbortReason::UserRejectedAuthorize => "user_rejected_authorize",
            AbortReason::AlreadyConfigured => "already_configured",
            AbortReason::ReauthSuccessful => "reauth_successful",
        }
    }

    /// What to tell the user: what happened and what to do.
    pub fn message(self) -> &'static str {
        match self {
            AbortReason::MissingConfiguration => {
                "This integration is not available in this installation."
            }
            AbortReason::MissingCredentials => {
                "No application credentials are stored for this integration: add the client ID and secret you created at the provider, then link again."
            }
            AbortReason::OauthImplementationUnavailable => {
                "The integration could not prepare its authorization server; check the logs and try again later."
            }
            AbortReason::AuthorizeUrlTimeout => {
                "Preparing the authorization link timed out; try again."
            }
            AbortReason::NoUrlAvailable => {
                "No authorization link could be built for this integration; check its configuration."
            }
            AbortReason::OauthError => {
                "The provider's token response was not usable; try again or contact the integration's maintainers."
            }
            AbortReason::OauthFailed => {
                "The provider's token endpoint failed or could not be reached; try again later."
            }
            AbortReason::OauthTimeout => {
                "The provider's token endpoint did not answer in time; try again."
            }
            AbortReason::OauthUnauthorized => {
                "The provider refused the client credentials or the authorization code; check the client ID, the secret and the redirect URI registered at the provider."
            }
            AbortReason::UserRejectedAuthorize => "The authorization was refused at the provider.",
            AbortReason::AlreadyConfigured => "This account is already linked.",
            AbortReason::ReauthSuccessful => "The account was authorized again and works.",
        }
    }

    /// Every reason, for documentation and tests.
    pub const ALL: [AbortReason; 12] = [
        AbortReason::MissingConfiguration,
        AbortReason::MissingCredentials,
        AbortReason::OauthImplementationUnavailable,
        AbortReason::AuthorizeUrlTimeout,
        AbortReason::NoUrlAvailable,
        AbortReason::OauthError,
        AbortReason::OauthFailed,
        AbortReason::OauthTimeout,
        AbortReason::OauthUnauthorized,
        AbortReason::UserRejectedAuthorize,
        AbortReason::AlreadyConfigured,
        AbortReason::ReauthSuccessful,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_serde_names() {
        for reason in AbortReason::ALL {
            assert_eq!(serde_json::to_value(reason).unwrap(), reason.code());
            assert!(!reason.message().is_empty());
        }
    }
}
