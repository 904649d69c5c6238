//! The rules of an authorization server's options that do not concern URLs: extra parameters,
//! client authentication against PKCE, the token-response path.

use thiserror::Error;

/// Authorize parameters the flow sets itself; an integration may not override them.
pub const RESERVED_AUTHORIZE_PARAMS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "code_challenge",
    "code_challenge_method",
    "scope",
];

/// Token parameters the flow sets itself.
pub const RESERVED_TOKEN_PARAMS: &[&str] = &[
    "grant_type",
    "code",
    "redirect_uri",
    "code_verifier",
    "refresh_token",
    "client_id",
    "client_secret",
];

/// A problem with an extra authorize or token parameter.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParamError {
    /// The parameter is one the flow sets itself (or has no name).
    #[error(
        "`{field}(\"{name}\", ..)`: the flow sets `{name}` itself; remove it (scopes go in `.scopes(..)`)"
    )]
    Reserved {
        /// `authorize_param` or `token_param`.
        field: &'static str,
        /// The parameter name.
        name: String,
    },
    /// The same parameter is given twice.
    #[error("`{field}(\"{name}\", ..)` is given twice; keep one")]
    Duplicate {
        /// `authorize_param` or `token_param`.
        field: &'static str,
        /// The parameter name.
        name: String,
    },
}

/// Checks the names of the extra parameters of one kind (`field` is `authorize_param` or
/// `token_param`), in declaration order.
///
/// ```
/// use appcreds_rules::options::{check_params, ParamError};
/// assert!(check_params("authorize_param", ["access_type", "prompt"]).is_empty());
/// assert!(matches!(&check_params("authorize_param", ["state"])[0], ParamError::Reserved { .. }));
/// assert!(matches!(&check_params("token_param", ["a", "a"])[0], ParamError::Duplicate { .. }));
/// ```
pub fn check_params<'a>(
    field: &'static str,
    names: impl IntoIterator<Item = &'a str>,
) -> Vec<ParamError> {
    let reserved = if field == "token_param" {
        RESERVED_TOKEN_PARAMS
    } else {
        RESERVED_AUTHORIZE_PARAMS
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        if name.is_empty() || reserved.contains(&name) {
            problems.push(ParamError::Reserved {
                field,
                name: name.to_owned(),
            });
        } else if seen.contains(&name) {
            problems.push(ParamError::Duplicate {
                field,
                name: name.to_owned(),
            });
        }
        seen.push(name);
    }
    problems
}

/// A contradiction between the client-authentication options.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ClientError {
    /// `.public_client()` with a client authentication that sends a secret.
    #[error(
        "the server is declared a public client (no secret) but `client_auth` is `{method}`, which sends a secret; remove one of them"
    )]
    PublicWithSecret {
        /// The method name (`client_secret_basic` or `client_secret_post`).
        method: &'static str,
    },
    /// A public client without PKCE: nothing would bind the code to this client (RFC 9700 §2.1.1).
    #[error(
        "a public client must use PKCE (RFC 9700 §2.1.1): remove `.pkce(false)` or give the client a secret"
    )]
    PublicWithoutPkce,
}

/// Checks that a public client sends no secret and uses PKCE. `method` is the snake-case name of
/// the declared client authentication, `None` when it is the public `none`.
pub fn check_client(public: bool, method: Option<&'static str>, pkce: bool) -> Vec<ClientError> {
    let mut problems = Vec::new();
    if public {
        if let Some(method) = method {
            problems.push(ClientError::PublicWithSecret { method });
        }
        if !pkce {
            problems.push(ClientError::PublicWithoutPkce);
        }
    }
    problems
}

/// Why a token-response path is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "the token-response path `{path}` must be field names (letters, digits, `_`, `-`) joined by `.`, such as `body` or `data.token`"
)]
pub struct ResponsePathError {
    /// The path as written.
    pub path: String,
}

/// Splits a token-response path such as `body` or `data.token` into its fields.
///
/// ```
/// use appcreds_rules::options::response_path;
/// assert_eq!(response_path("data.token").unwrap(), ["data", "token"]);
/// assert!(response_path("").is_err());
/// assert!(response_path("a..b").is_err());
/// ```
pub fn response_path(path: &str) -> Result<Vec<&str>, ResponsePathError> {
    let fields: Vec<&str> = path.split('.').collect();
    let ok = fields.iter().all(|f| {
        !f.is_empty()
            && f.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    if ok {
        Ok(fields)
    } else {
        Err(ResponsePathError {
            path: path.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_clients() {
        assert!(check_client(true, None, true).is_empty());
        assert!(check_client(false, Some("client_secret_basic"), false).is_empty());
        assert_eq!(
            check_client(true, Some("client_secret_basic"), false),
            [
                ClientError::PublicWithSecret {
                    method: "client_secret_basic"
                },
                ClientError::PublicWithoutPkce
            ]
        );
    }

    #[test]
    fn empty_names_are_reserved() {
        assert!(matches!(
            &check_params("token_param", [""])[0],
            ParamError::Reserved { .. }
        ));
        assert!(matches!(
            &check_params("token_param", ["code"])[0],
            ParamError::Reserved { .. }
        ));
        assert!(check_params("token_param", ["action"]).is_empty());
    }
}
