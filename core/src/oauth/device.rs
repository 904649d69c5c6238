//! The device authorization grant (RFC 8628): the device authorization response
//! ([`DeviceAuthorization`]) and what one poll of the token endpoint means ([`DevicePoll`]).

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

use super::error::TokenError;
use super::token::Token;
use super::token_response::{provider_error, status_error};

/// The `grant_type` of the device access token request (RFC 8628 §3.4).
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The polling interval when the server gives none (RFC 8628 §3.2).
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// How much `slow_down` adds to the interval (RFC 8628 §3.5).
pub const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

/// What the device authorization endpoint answered (RFC 8628 §3.2): the codes and where the user
/// enters the user code. The device code is a secret: `Debug` does not show it.
#[derive(Clone)]
pub struct DeviceAuthorization {
    /// The device code the client polls with.
    pub device_code: SecretString,
    /// The code the user enters at the verification URI.
    pub user_code: String,
    /// Where the user goes.
    pub verification_uri: Url,
    /// The verification URI with the user code in it, when the server gives one.
    pub verification_uri_complete: Option<Url>,
    /// How long the codes live.
    pub expires_in: Duration,
    /// How long to wait between polls.
    pub interval: Duration,
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("device_code", &"[redacted]")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri.as_str())
            .field(
                "verification_uri_complete",
                &self.verification_uri_complete.as_ref().map(Url::as_str),
            )
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish()
    }
}

#[derive(Deserialize)]
struct Wire {
    device_code: String,
    user_code: String,
    // Some servers (Google's) write `verification_url`.
    #[serde(alias = "verification_url")]
    verification_uri: String,
    #[serde(default)]
    verification_uri_complete: Option<String>,
    expires_in: u64,
    #[serde(default)]
    interval: Option<u64>,
}

impl DeviceAuthorization {
    /// Reads a device authorization response: a 2xx JSON object with `device_code`, `user_code`,
    /// `verification_uri` (an `https` URL, `http` only on a loopback host), `expires_in`, and
    /// optionally `verification_uri_complete` and `interval`. An error status is classified like
    /// a token endpoint's; a body that misses a field is [`TokenError::Malformed`], naming it.
    pub fn parse(status: u16, body: &[u8]) -> Result<DeviceAuthorization, TokenError> {
        if !(200..300).contains(&status) {
            return Err(status_error(status, &provider_error(body)));
        }
        let malformed = |reason: String| TokenError::Malformed { reason };
        let wire: Wire = serde_json::from_slice(body).map_err(|e| {
            malformed(format!(
                "the device authorization response is not what RFC 8628 §3.2 describes: {e}"
            ))
        })?;
        let url = |field: &str, value: &str| {
            appcreds_rules::endpoint::validate(value)
                .map_err(|error| malformed(format!("`{field}`: {error}")))
        };
        if wire.device_code.is_empty() || wire.user_code.is_empty() {
            return Err(malformed(
                "`device_code` and `user_code` must not be empty".to_owned(),
            ));
        }
        Ok(DeviceAuthorization {
            device_code: SecretString::from(wire.device_code),
            user_code: wire.user_code,
            verification_uri: url("verification_uri", &wire.verification_uri)?,
            verification_uri_complete: wire
                .verification_uri_complete
                .map(|v| url("verification_uri_complete", &v))
                .transpose()?,
            expires_in: Duration::from_secs(wire.expires_in),
            interval: wire
                .interval
                .map_or(DEFAULT_INTERVAL, |s| Duration::from_secs(s.max(1))),
        })
    }
}

/// What one poll of the token endpoint with a device code means (RFC 8628 §3.5).
#[derive(Debug, Clone)]
pub enum DevicePoll {
    /// The user approved: the token.
    Token(Token),
    /// `authorization_pending`: ask again after the interval.
    Pending,
    /// `slow_down`: ask again after the interval plus [`SLOW_DOWN_STEP`], from now on.
    SlowDown,
    /// `access_denied`: the user refused.
    Denied,
    /// `expired_token`: the device code expired before the user approved.
    Expired,
    /// Any other failure (a refused client, a server error, no answer).
    Failed(TokenError),
}

impl DevicePoll {
    /// The meaning of a token request's result in the device flow.
    pub fn of(result: Result<Token, TokenError>) -> DevicePoll {
        let error = match result {
            Ok(token) => return DevicePoll::Token(token),
            Err(error) => error,
        };
        let code = match &error {
            TokenError::Rejected { error: code, .. } => code.as_deref(),
            // `slow_down` with HTTP 200 reads as a transient failure.
            TokenError::Unavailable { reason, .. } if reason.contains("slow_down") => {
                Some("slow_down")
            }
            _ => None,
        };
        match code {
            Some("authorization_pending") => DevicePoll::Pending,
            Some("slow_down") => DevicePoll::SlowDown,
            Some("access_denied") => DevicePoll::Denied,
            Some("expired_token") => DevicePoll::Expired,
            _ => DevicePoll::Failed(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_response_and_hides_the_device_code() {
        let body = br#"{"device_code":"dc-secret","user_code":"WDJB-MJHT",
            "verification_uri":"https://example.com/device",
            "verification_uri_complete":"https://example.com/device?user_code=WDJB-MJHT",
            "expires_in":1800}"#;
        let parsed = DeviceAuthorization::parse(200, body).unwrap();
        assert_eq!(parsed.user_code, "WDJB-MJHT");
        assert_eq!(parsed.interval, DEFAULT_INTERVAL);
        assert!(parsed.verification_uri_complete.is_some());
        assert!(!format!("{parsed:?}").contains("dc-secret"));
        let google = br#"{"device_code":"d","user_code":"u","verification_url":"https://g.co/device","expires_in":5,"interval":0}"#;
        let parsed = DeviceAuthorization::parse(200, google).unwrap();
        assert_eq!(parsed.interval, Duration::from_secs(1));
    }

    #[test]
    fn refuses_bad_responses() {
        let insecure = br#"{"device_code":"d","user_code":"u","verification_uri":"http://example.com/device","expires_in":5}"#;
        let error = DeviceAuthorization::parse(200, insecure).unwrap_err();
        assert!(error.to_string().contains("verification_uri"), "{error}");
        let missing = br#"{"user_code":"u","verification_uri":"https://e.com/d","expires_in":5}"#;
        let error = DeviceAuthorization::parse(200, missing).unwrap_err();
        assert!(error.to_string().contains("device_code"), "{error}");
        let refused = br#"{"error":"unauthorized_client"}"#;
        assert!(
            DeviceAuthorization::parse(400, refused)
                .unwrap_err()
                .requires_reauth()
        );
    }

    #[test]
    fn classifies_polls() {
        let rejected = |code: &str| {
            Err(TokenError::Rejected {
                status: 400,
                error: Some(code.to_owned()),
                description: None,
            })
        };
        assert!(matches!(
            DevicePoll::of(rejected("authorization_pending")),
            DevicePoll::Pending
        ));
        assert!(matches!(
            DevicePoll::of(rejected("slow_down")),
            DevicePoll::SlowDown
        ));
        assert!(matches!(
            DevicePoll::of(rejected("access_denied")),
            DevicePoll::Denied
        ));
        assert!(matches!(
            DevicePoll::of(rejected("expired_token")),
            DevicePoll::Expired
        ));
        assert!(matches!(
            DevicePoll::of(rejected("invalid_client")),
            DevicePoll::Failed(_)
        ));
        assert!(matches!(
            DevicePoll::of(Ok(Token::bearer("at"))),
            DevicePoll::Token(_)
        ));
    }
}
