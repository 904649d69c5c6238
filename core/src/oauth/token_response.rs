//! Reading a token endpoint's answer into a [`Token`] or a classified [`TokenError`].
//!
//! Tolerant where real providers stray from RFC 6749 §5.1 (an `expires_in` given as a string or
//! left out, no `token_type`, extra fields), strict where a token would be unusable (no
//! `access_token`, an error object returned with HTTP 200). Errors name what is wrong and never
//! echo the body, which may hold tokens.

use secrecy::SecretString;
use serde_json::{Map, Value};

use super::error::TokenError;
use super::token::Token;
use crate::clock::now_secs;

/// Error codes that mean "try again later" even when they come with HTTP 200.
const TRANSIENT_ERROR_CODES: &[&str] = &["temporarily_unavailable", "server_error", "slow_down"];

/// The longest provider `error`/`error_description` kept in an error (longer ones are cut).
const MAX_PROVIDER_TEXT: usize = 200;

/// The provider's `error` and `error_description`, when the body carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProviderError {
    pub(crate) error: Option<String>,
    pub(crate) description: Option<String>,
}

/// Turns a token endpoint's status and body into a token, or the error the status and body mean:
/// 2xx with a usable token → the token; 2xx with an `error` → [`TokenError::Rejected`] (or
/// [`TokenError::Unavailable`] for `temporarily_unavailable`, `server_error`, `slow_down`); 4xx
/// but 429 → [`TokenError::Rejected`]; 429 and 5xx → [`TokenError::Unavailable`]; any other status
/// (a redirect, which is never followed) → [`TokenError::Unavailable`]; a 2xx body that is no
/// usable token → [`TokenError::Malformed`].
///
/// With a `path` (the server's token-response path, such as Withings' `body`), the token fields are
/// read from that nested object; an `error` at the top level or in the nested object is still an
/// error. With a `fallback` path (Slack's `authed_user`) and no top-level `access_token`, they are
/// read from that object, and the top-level fields it does not have are kept beside them.
pub(crate) fn parse_token_response(
    status: u16,
    body: &[u8],
    path: Option<&str>,
    fallback: Option<&str>,
) -> Result<Token, TokenError> {
    if !(200..300).contains(&status) {
        return Err(status_error(status, &provider_error(body)));
    }
    let object = json_object(body)?;
    if object.get("error").is_some_and(|e| !e.is_null()) {
        return Err(error_object_with_success_status(status, &object));
    }
    let has_top_token = object.get("access_token").is_some_and(|t| !t.is_null());
    match (path, fallback) {
        (None, Some(fallback)) if !has_top_token => {
            let mut top = object.clone();
            let mut nested = descend(status, object, fallback)?;
            if let Some(first) = fallback.split('.').next() {
                top.remove(first);
            }
            for (name, value) in top {
                nested.entry(name).or_insert(value);
            }
            token_from_object(nested)
        }
        (Some(path), _) => token_from_object(descend(status, object, path)?),
        _ => token_from_object(object),
    }
}

/// The nested object at the dotted `path`, checked for an `error` at every step.
fn descend(
    status: u16,
    mut object: Map<String, Value>,
    path: &str,
) -> Result<Map<String, Value>, TokenError> {
    for field in path.split('.') {
        object = match object.remove(field) {
            Some(Value::Object(nested)) => nested,
            None | Some(Value::Null) => {
                return Err(malformed(format!(
                    "the token object `{field}` is missing (token-response path `{}`)",
                    path
                )));
            }
            Some(other) => {
                return Err(malformed(format!(
                    "`{field}` is a {}, not the token object (token-response path `{}`)",
                    json_kind(&other),
                    path
                )));
            }
        };
        if object.get("error").is_some_and(|e| !e.is_null()) {
            return Err(error_object_with_success_status(status, &object));
        }
    }
    Ok(object)
}

/// The error a non-2xx status means, with the provider's explanation.
pub(crate) fn status_error(status: u16, provider: &ProviderError) -> TokenError {
    match status {
        429 | 500..=599 => TokenError::Unavailable {
            status: Some(status),
            reason: format!("HTTP {status}: {}", provider.summary()),
        },
        400..=499 => TokenError::Rejected {
            status,
            error: provider.error.clone(),
            description: provider.description.clone(),
        },
        300..=399 => TokenError::Unavailable {
            status: Some(status),
            reason: format!(
                "the token endpoint redirected (HTTP {status}); token requests never follow redirects, so check the token URL"
            ),
        },
        _ => TokenError::Unavailable {
            status: Some(status),
            reason: format!("unexpected HTTP status {status}"),
        },
    }
}

fn error_object_with_success_status(status: u16, object: &Map<String, Value>) -> TokenError {
    let provider = ProviderError::from_object(object);
    let transient = provider
        .error
        .as_deref()
        .is_some_and(|code| TRANSIENT_ERROR_CODES.contains(&code));
    if transient {
        TokenError::Unavailable {
            status: Some(status),
            reason: format!("HTTP {status} with an error: {}", provider.summary()),
        }
    } else {
        TokenError::Rejected {
            status,
            error: provider.error,
            description: provider.description,
        }
    }
}

/// The provider's error fields from a body, if it is a JSON object carrying them.
pub(crate) fn provider_error(body: &[u8]) -> ProviderError {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => ProviderError::from_object(&object),
        _ => ProviderError::default(),
    }
}

impl ProviderError {
    /// `error` as RFC 6749 §5.2 has it (a string), or the `code`/`status` of a nested error
    /// object; `error_description`, or the `message` of a nested error object.
    fn from_object(object: &Map<String, Value>) -> Self {
        let nested = object.get("error").and_then(Value::as_object);
        let error = match object.get("error") {
            Some(Value::String(code)) => Some(code.clone()),
            _ => nested.and_then(|n| text_field(n, &["code", "status"])),
        };
        let description = text_field(object, &["error_description"])
            .or_else(|| nested.and_then(|n| text_field(n, &["message"])));
        ProviderError {
            error: error.map(|e| cut(&e)),
            description: description.map(|d| cut(&d)),
        }
    }

    /// `error: description`, `error`, or `unknown error`, as Home Assistant logs it.
    pub(crate) fn summary(&self) -> String {
        match (&self.error, &self.description) {
            (Some(e), Some(d)) => format!("{e}: {d}"),
            (Some(e), None) => e.clone(),
            (None, Some(d)) => d.clone(),
            (None, None) => "unknown error".to_owned(),
        }
    }
}

fn text_field(object: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| match object.get(*name) {
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    })
}

/// The provider's text with its control characters escaped (it is logged and shown), cut to
/// [`MAX_PROVIDER_TEXT`] characters.
fn cut(text: &str) -> String {
    appcreds_rules::provider_text::escape_cut(text, MAX_PROVIDER_TEXT)
}

fn json_object(body: &[u8]) -> Result<Map<String, Value>, TokenError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(malformed("the body is empty"));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(malformed(format!(
            "the body is a JSON {}, not an object",
            json_kind(&other)
        ))),
        Err(e) => Err(malformed(format!(
            "the body is not JSON (parse error at line {} column {})",
            e.line(),
            e.column()
        ))),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn malformed(reason: impl Into<String>) -> TokenError {
    TokenError::Malformed {
        reason: reason.into(),
    }
}

fn token_from_object(mut object: Map<String, Value>) -> Result<Token, TokenError> {
    let access_token = match object.remove("access_token") {
        Some(Value::String(token)) if !token.is_empty() => token,
        Some(Value::String(_)) => return Err(malformed("`access_token` is empty")),
        None | Some(Value::Null) => return Err(malformed("`access_token` is missing")),
        Some(other) => {
            return Err(malformed(format!(
                "`access_token` is a {}, not a string",
                json_kind(&other)
            )));
        }
    };
    let token_type = match object.remove("token_type") {
        None | Some(Value::Null) => "Bearer".to_owned(),
        Some(Value::String(kind)) if !kind.is_empty() => kind,
        Some(_) => return Err(malformed("`token_type` is not a non-empty string")),
    };

    let expires_at = match object.remove("expires_in") {
        None | Some(Value::Null) => None,
        Some(value) => Some(now_secs().saturating_add(lifetime_seconds(&value)?)),
    };
    let refresh_token = match object.remove("refresh_token") {
        None | Some(Value::Null) => None,
        Some(Value::String(token)) if token.is_empty() => None,
        Some(Value::String(token)) => Some(SecretString::from(token)),
        Some(other) => {
            return Err(malformed(format!(
                "`refresh_token` is a {}, not a string",
                json_kind(&other)
            )));
        }
    };
    let scope = match object.remove("scope") {
        None | Some(Value::Null) => None,
        Some(Value::String(scope)) => Some(scope),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Some(other) => {
            object.insert("scope".to_owned(), other);
            None
        }
    };
    let token = Token {
        access_token: SecretString::from(access_token),
        token_type,
        refresh_token,
        expires_at,
        scope,
        extra: object,
    };
    token.check_usable()?;
    Ok(token)
}

/// `expires_in` as a non-negative number of seconds, given as a JSON number or a numeric string
/// (fractions are cut).
fn lifetime_seconds(value: &Value) -> Result<u64, TokenError> {
    let seconds = match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    };
    match seconds {
        Some(s) if s.is_finite() && s >= 0.0 => Ok(s as u64),
        Some(_) => Err(malformed("`expires_in` is negative or not finite")),
        None => Err(malformed(format!(
            "`expires_in` is a {}, not a number of seconds",
            json_kind(value)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn ok(body: &str) -> Token {
        parse_token_response(200, body.as_bytes(), None, None).unwrap()
    }

    fn err(status: u16, body: &str) -> TokenError {
        parse_token_response(status, body.as_bytes(), None, None).unwrap_err()
    }

    #[test]
    fn a_standard_response() {
        let token = ok(
            r#"{"access_token":"at","token_type":"bearer","expires_in":3600,"refresh_token":"rt","scope":"a b"}"#,
        );
        assert_eq!(token.access_token.expose_secret(), "at");
        assert_eq!(token.token_type, "bearer");
        assert_eq!(token.refresh_token.unwrap().expose_secret(), "rt");
        assert_eq!(token.scope.as_deref(), Some("a b"));
        let lifetime = token.expires_at.unwrap() - now_secs();
        assert!((3599..=3600).contains(&lifetime));
        assert!(token.extra.is_empty());
    }

    #[test]
    fn tolerant_of_real_providers() {
        let token =
            ok(r#"{"access_token":"at","expires_in":"86399","id_token":"x","user":{"id":1}}"#);
        assert_eq!(
            token.token_type, "Bearer",
            "missing token_type means Bearer"
        );
        assert!(token.expires_at.unwrap() >= now_secs() + 86398);
        assert_eq!(token.extra.len(), 2, "extra fields kept");
        assert_eq!(token.extra["user"]["id"], 1);

        let token =
            ok(r#"{"access_token":"at","token_type":null,"expires_in":null,"refresh_token":""}"#);
        assert_eq!(token.expires_at, None, "no expires_in: no known expiry");
        assert!(token.refresh_token.is_none());

        assert!(
            ok(r#"{"access_token":"at","expires_in":3600.7}"#)
                .expires_at
                .is_some()
        );
        let scopes = ok(r#"{"access_token":"at","scope":["a","b"]}"#);
        assert_eq!(scopes.scope.as_deref(), Some("a b"));
        assert!(parse_token_response(201, br#"{"access_token":"at"}"#, None, None).is_ok());
    }

    #[test]
    fn unusable_tokens_are_malformed() {
        for (body, needle) in [
            (r#"{"token_type":"Bearer"}"#, "`access_token` is missing"),
            (r#"{"access_token":""}"#, "`access_token` is empty"),
            (r#"{"access_token":7}"#, "`access_token` is a number"),
            (
                r#"{"access_token":"at","expires_in":"soon"}"#,
                "`expires_in` is a string",
            ),
            (
                r#"{"access_token":"at","expires_in":-5}"#,
                "`expires_in` is negative",
            ),
            (
                r#"{"access_token":"at","refresh_token":1}"#,
                "`refresh_token` is a number",
            ),
            ("[1,2]", "a JSON array"),
            ("", "empty"),
            (
                r#"{"access_token":"at\u0000x"}"#,
                "`access_token` holds a control",
            ),
            (
                r#"{"access_token":"at\r\nX-Injected: 1"}"#,
                "`access_token` holds a control",
            ),
            (
                r#"{"access_token":"at\n"}"#,
                "`access_token` holds a control",
            ),
            (
                r#"{"access_token":"at","token_type":"Bearer\r\nX: 1"}"#,
                "`token_type` holds a control",
            ),
            (
                r#"{"access_token":"at","token_type":"Bearer\u0000"}"#,
                "`token_type` holds a control",
            ),
            (
                r#"{"access_token":"at","refresh_token":"rt\n"}"#,
                "`refresh_token` holds a control",
            ),
        ] {
            let error = err(200, body);
            assert!(
                matches!(error, TokenError::Malformed { .. }),
                "{body}: {error:?}"
            );
            assert!(error.to_string().contains(needle), "{body}: {error}");
        }
    }

    #[test]
    fn non_json_is_malformed_without_echoing_the_body() {
        let body = "<html>access_token=secret-in-page</html>";
        let error = err(200, body);
        assert!(matches!(error, TokenError::Malformed { .. }));
        let printed = format!("{error} {error:?}");
        assert!(printed.contains("not JSON"), "{printed}");
        assert!(!printed.contains("secret-in-page"), "{printed}");
    }

    #[test]
    fn an_error_object_with_http_200_is_an_error() {
        let error = err(
            200,
            r#"{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}"#,
        );
        assert_eq!(
            error,
            TokenError::Rejected {
                status: 200,
                error: Some("bad_verification_code".into()),
                description: Some("The code passed is incorrect or expired.".into()),
            }
        );
        let error = err(
            200,
            r#"{"access_token":"at","error":"temporarily_unavailable"}"#,
        );
        assert!(
            matches!(
                error,
                TokenError::Unavailable {
                    status: Some(200),
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn a_token_response_path_unwraps_the_nested_object() {
        let body = br#"{"status":0,"body":{"access_token":"at","expires_in":10800,"userid":42}}"#;
        let token = parse_token_response(200, body, Some("body"), None).unwrap();
        assert_eq!(token.access_token.expose_secret(), "at");
        assert_eq!(token.extra["userid"], 42);
        assert!(!token.extra.contains_key("status"));
        let nested = br#"{"data":{"token":{"access_token":"deep"}}}"#;
        let token = parse_token_response(200, nested, Some("data.token"), None).unwrap();
        assert_eq!(token.access_token.expose_secret(), "deep");
        let top_error = br#"{"status":503,"error":"invalid_grant"}"#;
        assert!(matches!(
            parse_token_response(200, top_error, Some("body"), None),
            Err(TokenError::Rejected { status: 200, .. })
        ));
        let inner_error = br#"{"body":{"error":"invalid_grant"}}"#;
        assert!(matches!(
            parse_token_response(200, inner_error, Some("body"), None),
            Err(TokenError::Rejected { .. })
        ));
        for (body, needle) in [
            (&br#"{"status":0}"#[..], "`body` is missing"),
            (&br#"{"body":"x"}"#[..], "`body` is a string"),
        ] {
            let error = parse_token_response(200, body, Some("body"), None).unwrap_err();
            assert!(error.to_string().contains(needle), "{error}");
        }
    }

    #[test]
    fn status_mapping() {
        for status in [400, 401, 403, 404, 418] {
            let error = err(
                status,
                r#"{"error":"invalid_grant","error_description":"expired"}"#,
            );
            assert!(error.requires_reauth(), "{status}");
            assert!(
                error.to_string().contains("invalid_grant: expired"),
                "{error}"
            );
        }
        for status in [429, 500, 502, 503] {
            let error = err(status, "Service Unavailable");
            assert!(matches!(error, TokenError::Unavailable { .. }), "{status}");
            assert!(!error.requires_reauth());
        }
        let redirect = err(307, "");
        assert!(matches!(
            redirect,
            TokenError::Unavailable {
                status: Some(307),
                ..
            }
        ));
        assert!(redirect.to_string().contains("redirect"), "{redirect}");
        assert!(matches!(err(101, ""), TokenError::Unavailable { .. }));
    }

    #[test]
    fn provider_text_is_escaped() {
        let error = err(
            400,
            r#"{"error":"invalid_grant\nWARN forged","error_description":"a\r\u001b[2Jb"}"#,
        );
        let TokenError::Rejected {
            error: Some(code),
            description: Some(description),
            ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(code, r"invalid_grant\nWARN forged");
        assert_eq!(description, r"a\r\u{1b}[2Jb");
        let shown = error.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        let transient = err(503, r#"{"error":"server_error\n","error_description":"x"}"#);
        assert!(
            !transient.to_string().chars().any(char::is_control),
            "{transient}"
        );
        let raw = TokenError::Rejected {
            status: 400,
            error: Some("built\nby hand".into()),
            description: None,
        };
        assert!(raw.to_string().contains(r"built\nby hand"), "{raw}");
    }

    #[test]
    fn provider_errors_are_read_but_bodies_never_copied() {
        let error = err(401, "not json at all: client_secret=hunter2");
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert!(error.to_string().contains("unknown error"), "{error}");
        let nested = provider_error(br#"{"error":{"code":401,"message":"Bad client"}}"#);
        assert_eq!(nested.summary(), "401: Bad client");
        let long = provider_error(format!(r#"{{"error":"{}"}}"#, "x".repeat(500)).as_bytes());
        assert!(long.error.unwrap().chars().count() <= MAX_PROVIDER_TEXT + 1);
    }

    #[test]
    fn fallback_path_reads_nested_tokens_only_when_the_top_has_none() {
        let user = br#"{"ok":true,"team":{"id":"T1"},"authed_user":{"id":"U1","access_token":"xoxp","token_type":"user"}}"#;
        let token = parse_token_response(200, user, None, Some("authed_user")).unwrap();
        assert_eq!(token.access_token.expose_secret(), "xoxp");
        assert_eq!(token.extra["id"], "U1");
        assert_eq!(token.extra["team"]["id"], "T1");
        assert!(!token.extra.contains_key("authed_user"));
        let bot = br#"{"ok":true,"access_token":"xoxb","authed_user":{"id":"U1"}}"#;
        let token = parse_token_response(200, bot, None, Some("authed_user")).unwrap();
        assert_eq!(token.access_token.expose_secret(), "xoxb");
        let neither = br#"{"ok":true}"#;
        assert!(matches!(
            parse_token_response(200, neither, None, Some("authed_user")),
            Err(TokenError::Malformed { .. })
        ));
        let refused = br#"{"ok":false,"error":"invalid_code"}"#;
        assert!(matches!(
            parse_token_response(200, refused, None, Some("authed_user")),
            Err(TokenError::Rejected { .. })
        ));
    }
}
