//! [`CallbackQuery`]: the query of `GET /auth/external/callback`, bounded and validated.

use appcreds_rules::provider_text;
use thiserror::Error;

/// The parameters the provider sends back to the redirect URI.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CallbackQuery {
    /// The authorization code.
    pub code: Option<String>,
    /// The state handle of the flow.
    pub state: Option<String>,
    /// The authorization server's issuer (RFC 9207).
    pub iss: Option<String>,
    /// The provider's error code, when the authorization was refused.
    pub error: Option<String>,
    /// The provider's error description.
    pub error_description: Option<String>,
    /// The provider's page about the error.
    pub error_uri: Option<String>,
    /// Every other parameter given once, in order, for a server that keeps one with the account
    /// (QuickBooks' `realmId`). Bounded: at most [`MAX_OTHER_PARAMS`], names of at most 64 bytes
    /// and values of at most 1024, no control or invisible formatting character; anything else is
    /// dropped, and so is a repeated parameter (which value was meant is unknown), so a server
    /// that requires it fails the link.
    pub others: Vec<(String, String)>,
    /// The names of other parameters dropped because they were repeated (bounded like `others`).
    repeated_others: Vec<String>,
    /// The first parameter that [`CallbackQuery::parse`] found more than once (RFC 6749 §3.1
    /// forbids repeating one), refused by [`CallbackQuery::validate`].
    repeated: Option<&'static str>,
}

/// The most other parameters a callback keeps.
pub const MAX_OTHER_PARAMS: usize = 16;

impl std::fmt::Debug for CallbackQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackQuery")
            .field("code", &self.code.as_ref().map(|_| "[redacted]"))
            .field("state", &self.state.as_ref().map(|_| "[redacted]"))
            .field("iss", &self.iss)
            .field("error", &self.error)
            .field("error_description", &self.error_description)
            .field("error_uri", &self.error_uri)
            .field(
                "others",
                &self.others.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("repeated", &self.repeated)
            .field("repeated_others", &self.repeated_others)
            .finish()
    }
}

/// The longest value accepted for each parameter, in bytes.
const LIMITS: [(&str, usize); 6] = [
    ("code", 4096),
    ("state", 256),
    ("iss", 2048),
    ("error", 128),
    ("error_description", 1024),
    ("error_uri", 2048),
];

/// Why a callback cannot resume any flow.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CallbackError {
    /// No `state`: this request does not come from a flow of ours.
    #[error("the callback has no `state` parameter; start the link again from the application")]
    MissingState,
    /// Neither `code` nor `error`.
    #[error(
        "the callback has neither `code` nor `error`; start the link again from the application"
    )]
    MissingCode,
    /// A parameter appears more than once (RFC 6749 §3.1: "Request and response parameters MUST
    /// NOT be included more than once").
    #[error(
        "the callback repeats the `{name}` parameter, which OAuth 2.0 forbids (RFC 6749 §3.1); start the link again from the application"
    )]
    Repeated {
        /// The parameter.
        name: &'static str,
    },
    /// A parameter is too long or holds control characters.
    #[error(
        "the callback's `{name}` parameter is malformed; start the link again from the application"
    )]
    Malformed {
        /// The parameter.
        name: &'static str,
    },
    /// The state is unknown, was already used, or expired.
    #[error(
        "this authorization link is unknown, already used or expired; start the link again from the application"
    )]
    UnknownState,
}

impl CallbackQuery {
    /// Parses a raw query string (`code=..&state=..`). A parameter given twice keeps its first
    /// value and is remembered, so that [`CallbackQuery::validate`] refuses the callback.
    pub fn parse(query: &str) -> CallbackQuery {
        let mut parsed = CallbackQuery::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let (name, slot) = match name.as_ref() {
                "code" => ("code", &mut parsed.code),
                "state" => ("state", &mut parsed.state),
                "iss" => ("iss", &mut parsed.iss),
                "error" => ("error", &mut parsed.error),
                "error_description" => ("error_description", &mut parsed.error_description),
                "error_uri" => ("error_uri", &mut parsed.error_uri),
                _ => {
                    parsed.keep_other(&name, &value);
                    continue;
                }
            };
            if slot.is_none() {
                *slot = Some(value.into_owned());
            } else if parsed.repeated.is_none() {
                parsed.repeated = Some(name);
            }
        }
        parsed
    }

    /// Checks that no parameter is repeated, lengths and characters (no control or invisible
    /// formatting character: the values are logged and shown); the state must be present, and a
    /// code or an error.
    pub fn validate(&self) -> Result<(), CallbackError> {
        if let Some(name) = self.repeated {
            return Err(CallbackError::Repeated { name });
        }
        let values = [
            &self.code,
            &self.state,
            &self.iss,
            &self.error,
            &self.error_description,
            &self.error_uri,
        ];
        for ((name, limit), value) in LIMITS.iter().zip(values) {
            if let Some(value) = value
                && (value.len() > *limit || value.chars().any(provider_text::is_unsafe))
            {
                return Err(CallbackError::Malformed { name });
            }
        }
        match (&self.state, &self.code, &self.error) {
            (None, _, _) => Err(CallbackError::MissingState),
            (Some(_), None, None) => Err(CallbackError::MissingCode),
            _ => Ok(()),
        }
    }
}

impl CallbackQuery {
    /// Keeps another parameter when it is within the bounds; a repeated one is dropped, and its
    /// name remembered so that a third copy is dropped too.
    fn keep_other(&mut self, name: &str, value: &str) {
        if let Some(at) = self.others.iter().position(|(n, _)| n == name) {
            self.others.remove(at);
            self.repeated_others.push(name.to_owned());
            return;
        }
        let acceptable = |text: &str, limit: usize| {
            text.len() <= limit && !text.chars().any(provider_text::is_unsafe)
        };
        if self.others.len() + self.repeated_others.len() < MAX_OTHER_PARAMS
            && !name.is_empty()
            && acceptable(name, 64)
            && acceptable(value, 1024)
            && !self.repeated_others.iter().any(|n| n == name)
        {
            self.others.push((name.to_owned(), value.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        let query = CallbackQuery::parse("code=abc&state=s1&iss=https%3A%2F%2Fa.example&extra=1");
        assert_eq!(query.code.as_deref(), Some("abc"));
        assert_eq!(query.state.as_deref(), Some("s1"));
        assert_eq!(query.others, [("extra".to_owned(), "1".to_owned())]);
        assert_eq!(query.iss.as_deref(), Some("https://a.example"));
        assert_eq!(query.validate(), Ok(()));
    }

    #[test]
    fn repeated_parameters_are_refused() {
        for (query, name) in [
            ("code=abc&state=s1&state=s2", "state"),
            ("code=a&code=b&state=s", "code"),
            ("code=a&state=s&iss=x&iss=x", "iss"),
            ("state=s&error=a&error=b", "error"),
            ("state=s&error=a&error_uri=u&error_uri=v", "error_uri"),
        ] {
            let error = CallbackQuery::parse(query).validate().unwrap_err();
            assert_eq!(error, CallbackError::Repeated { name }, "{query}");
            assert!(error.to_string().contains("RFC 6749 §3.1"), "{error}");
        }
        assert_eq!(
            CallbackQuery::parse("code=a&state=s&extra=1&extra=2").validate(),
            Ok(()),
            "parameters appcreds does not read may repeat"
        );
    }

    #[test]
    fn invisible_formatting_characters_are_malformed() {
        for query in [
            "state=x&error=a%E2%80%AEb",
            "state=x&error=denied&error_description=a%E2%80%A8b",
            "state=x&error=denied&error_uri=https%3A%2F%2Fe.example%2F%1B",
        ] {
            assert!(
                matches!(
                    CallbackQuery::parse(query).validate(),
                    Err(CallbackError::Malformed { .. })
                ),
                "{query}"
            );
        }
    }

    #[test]
    fn refuses_what_no_flow_can_use() {
        assert_eq!(
            CallbackQuery::parse("code=abc").validate(),
            Err(CallbackError::MissingState)
        );
        assert_eq!(
            CallbackQuery::parse("state=x").validate(),
            Err(CallbackError::MissingCode)
        );
        assert_eq!(
            CallbackQuery::parse("state=x&error=access_denied").validate(),
            Ok(())
        );
        let long = format!("state={}&code=x", "s".repeat(300));
        assert_eq!(
            CallbackQuery::parse(&long).validate(),
            Err(CallbackError::Malformed { name: "state" })
        );
        assert_eq!(
            CallbackQuery::parse("state=x&code=a%0Ab").validate(),
            Err(CallbackError::Malformed { name: "code" })
        );
    }

    #[test]
    fn repeated_other_parameters_are_dropped() {
        let query = CallbackQuery::parse("code=c&state=s&realmId=1&other=x&realmId=2&realmId=3");
        assert_eq!(query.others, [("other".to_owned(), "x".to_owned())]);
        assert_eq!(query.validate(), Ok(()));
    }

    #[test]
    fn other_parameters_are_bounded() {
        let many: String = (0..40).map(|i| format!("&p{i}=v")).collect();
        let query =
            CallbackQuery::parse(&format!("code=c&state=s{many}&long={}", "v".repeat(1025)));
        assert_eq!(query.others.len(), MAX_OTHER_PARAMS);
        assert!(query.others.iter().all(|(n, _)| n != "long"));
        let unsafe_value = CallbackQuery::parse("code=c&state=s&realmId=a%E2%80%AEb");
        assert!(unsafe_value.others.is_empty());
    }

    #[test]
    fn debug_hides_code_and_state() {
        let printed = format!(
            "{:?}",
            CallbackQuery::parse("code=secret-code&state=secret-state")
        );
        assert!(
            !printed.contains("secret-code") && !printed.contains("secret-state"),
            "{printed}"
        );
    }
}
