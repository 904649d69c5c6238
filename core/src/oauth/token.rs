//! [`Token`]: what a token endpoint returned, tolerant of real providers.

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::TokenError;

use crate::clock::now_secs;

/// An access token with what came with it.
///
/// `expires_at` is `None` when the provider gave no `expires_in`: the token is then used until the
/// API rejects it. Secrets never print.
///
/// ```
/// use appcreds::Token;
/// use std::time::Duration;
///
/// let token = Token::bearer("at-123").expiring_in(Duration::from_secs(3600));
/// assert!(!token.expires_within(Duration::from_secs(20)));
/// assert!(!format!("{token:?}").contains("at-123"));
/// ```
#[derive(Clone)]
pub struct Token {
    /// The access token.
    pub access_token: SecretString,
    /// `Bearer` unless the provider says otherwise.
    pub token_type: String,
    /// The refresh token, if the provider issued one.
    pub refresh_token: Option<SecretString>,
    /// When the access token expires, in seconds since the Unix epoch.
    pub expires_at: Option<u64>,
    /// The granted scope, as the provider wrote it.
    pub scope: Option<String>,
    /// Every other field of the response, kept verbatim.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Token {
    /// A bearer token with no refresh token and no known expiry.
    pub fn bearer(access_token: impl Into<String>) -> Self {
        Token {
            access_token: SecretString::from(access_token.into()),
            token_type: "Bearer".to_owned(),
            refresh_token: None,
            expires_at: None,
            scope: None,
            extra: serde_json::Map::new(),
        }
    }

    /// Checks that this token can be sent as it is: a non-empty `access_token` and `token_type`,
    /// and no control character (NUL, CR, LF, …) in the access token, the token type or the
    /// refresh token (they go into an `Authorization` header or a form, where CR and LF split the
    /// header and NUL cuts it). The engine checks every token an implementation returns, built-in
    /// or custom, before it stores it. The error names the field, never the value.
    ///
    /// ```
    /// use appcreds::Token;
    ///
    /// assert!(Token::bearer("at-1").check_usable().is_ok());
    /// assert!(Token::bearer("").check_usable().is_err());
    /// assert!(Token::bearer("at\r\nX-Injected: 1").check_usable().is_err());
    /// ```
    pub fn check_usable(&self) -> Result<(), TokenError> {
        let malformed = |reason: String| Err(TokenError::Malformed { reason });
        if self.access_token.expose_secret().is_empty() {
            return malformed("`access_token` is empty".to_owned());
        }
        if self.token_type.is_empty() {
            return malformed("`token_type` is empty".to_owned());
        }
        let fields = [
            ("access_token", Some(self.access_token.expose_secret())),
            ("token_type", Some(self.token_type.as_str())),
            (
                "refresh_token",
                self.refresh_token.as_ref().map(|t| t.expose_secret()),
            ),
        ];
        for (field, value) in fields {
            if value.is_some_and(|v| v.chars().any(char::is_control)) {
                return malformed(format!(
                    "`{field}` holds a control character (NUL, CR, LF or another); a token is printable text"
                ));
            }
        }
        Ok(())
    }

    /// Sets the expiry to `lifetime` from now.
    pub fn expiring_in(mut self, lifetime: Duration) -> Self {
        self.expires_at = Some(now_secs().saturating_add(lifetime.as_secs()));
        self
    }

    /// This token, returned by a refresh of `previous`, with what the provider left out kept from
    /// `previous` (RFC 6749 §6): the refresh token, the scope, and extra fields it did not send
    /// again. The expiry is this token's own: a refresh without `expires_in` gives a token without
    /// known expiry. Merging twice gives the same token.
    ///
    /// ```
    /// use appcreds::Token;
    /// use secrecy::{ExposeSecret, SecretString};
    ///
    /// let mut old = Token::bearer("at-1");
    /// old.refresh_token = Some(SecretString::from("rt-1"));
    /// let new = Token::bearer("at-2").merged_over(&old);
    /// assert_eq!(new.access_token.expose_secret(), "at-2");
    /// assert_eq!(new.refresh_token.unwrap().expose_secret(), "rt-1");
    /// ```
    pub fn merged_over(mut self, previous: &Token) -> Token {
        if self.refresh_token.is_none() {
            self.refresh_token.clone_from(&previous.refresh_token);
        }
        if self.scope.is_none() {
            self.scope.clone_from(&previous.scope);
        }
        let mut extra = previous.extra.clone();
        extra.extend(std::mem::take(&mut self.extra));
        self.extra = extra;
        self
    }

    /// Whether the token expires within `margin` from now (never, without a known expiry).
    pub fn expires_within(&self, margin: Duration) -> bool {
        self.expires_at
            .is_some_and(|at| at <= now_secs().saturating_add(margin.as_secs()))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn expiry() {
        let mut token = Token::bearer("x");
        assert!(
            !token.expires_within(Duration::from_secs(1_000_000)),
            "no expiry: used until rejected"
        );
        token.expires_at = Some(now_secs() + 19);
        assert!(token.expires_within(Duration::from_secs(20)));
        token.expires_at = Some(now_secs() + 500);
        assert!(!token.expires_within(Duration::from_secs(20)));
    }

    #[test]
    fn refresh_merges_over_the_old_token() {
        let mut old = Token::bearer("at-1");
        old.refresh_token = Some(SecretString::from("rt-1".to_owned()));
        old.scope = Some("read".into());
        old.expires_at = Some(1);
        old.extra.insert("user".into(), "u1".into());
        old.extra.insert("kept".into(), "k".into());
        let mut new = Token::bearer("at-2");
        new.extra.insert("user".into(), "u2".into());
        let merged = new.merged_over(&old);
        assert_eq!(merged.access_token.expose_secret(), "at-2");
        assert_eq!(
            merged
                .refresh_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned()),
            Some("rt-1".to_owned())
        );
        assert_eq!(merged.scope.as_deref(), Some("read"));
        assert_eq!(
            merged.expires_at, None,
            "the new token's expiry, even unknown"
        );
        assert_eq!(merged.extra["user"], "u2");
        assert_eq!(merged.extra["kept"], "k");

        let mut rotated = Token::bearer("at-3");
        rotated.refresh_token = Some(SecretString::from("rt-2".to_owned()));
        let merged = rotated.merged_over(&old);
        assert_eq!(
            merged
                .refresh_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned()),
            Some("rt-2".to_owned())
        );
        let again = merged.clone().merged_over(&old);
        assert_eq!(again.extra, merged.extra);
    }

    #[test]
    fn debug_hides_secrets_and_extra_values() {
        let mut token = Token::bearer("access-secret");
        token.refresh_token = Some(SecretString::from("refresh-secret".to_owned()));
        token.extra.insert("id_token".into(), "id-secret".into());
        let printed = format!("{token:?}");
        for secret in ["access-secret", "refresh-secret", "id-secret"] {
            assert!(!printed.contains(secret), "{printed}");
        }
    }
}
