//! The rules of an authorization server's options that do not concern URLs: extra parameters,
//! client authentication against PKCE, the token-response path. The option types the macros and
//! the runtime both name ([`ClientAuth`], [`ParamKind`]) live here too, so neither passes the
//! other a string.

use std::fmt;

use thiserror::Error;

/// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ClientAuth {
    /// `client_id` and `client_secret` in the form body (Home Assistant's only method; the default).
    #[default]
    ClientSecretPost,
    /// `Authorization: Basic base64(urlencode(id):urlencode(secret))`, nothing in the body.
    ClientSecretBasic,
    /// A public client: only `client_id` in the body, the secret is never sent.
    None,
}

impl ClientAuth {
    /// Every method, in the order a server's metadata is searched for one appcreds implements.
    pub const ALL: [ClientAuth; 3] = [
        ClientAuth::ClientSecretPost,
        ClientAuth::ClientSecretBasic,
        ClientAuth::None,
    ];

    /// The RFC 7591 name: `client_secret_post`, `client_secret_basic` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuth::ClientSecretPost => "client_secret_post",
            ClientAuth::ClientSecretBasic => "client_secret_basic",
            ClientAuth::None => "none",
        }
    }

    /// The method a `ClientAuth::Variant` path names, for the macros, which see only tokens.
    ///
    /// ```
    /// use appcreds_rules::options::ClientAuth;
    /// assert_eq!(ClientAuth::from_variant("ClientSecretBasic"), Some(ClientAuth::ClientSecretBasic));
    /// assert_eq!(ClientAuth::from_variant("client_secret_basic"), None);
    /// ```
    pub fn from_variant(variant: &str) -> Option<ClientAuth> {
        match variant {
            "ClientSecretPost" => Some(ClientAuth::ClientSecretPost),
            "ClientSecretBasic" => Some(ClientAuth::ClientSecretBasic),
            "None" => Some(ClientAuth::None),
            _ => None,
        }
    }

    /// Whether token requests carry the client secret.
    pub fn sends_secret(self) -> bool {
        self != ClientAuth::None
    }
}

impl fmt::Display for ClientAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which extra parameters: those of the authorize URL or those of every token request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// `.authorize_param(name, value)`.
    Authorize,
    /// `.token_param(name, value)`.
    Token,
}

impl ParamKind {
    /// Both kinds.
    pub const ALL: [ParamKind; 2] = [ParamKind::Authorize, ParamKind::Token];

    /// The setter that declares one: `authorize_param` or `token_param`.
    pub fn setter(self) -> &'static str {
        match self {
            ParamKind::Authorize => "authorize_param",
            ParamKind::Token => "token_param",
        }
    }

    /// The parameters the flow sets itself, which an integration may not override.
    pub fn reserved(self) -> &'static [&'static str] {
        match self {
            ParamKind::Authorize => RESERVED_AUTHORIZE_PARAMS,
            ParamKind::Token => RESERVED_TOKEN_PARAMS,
        }
    }
}

impl fmt::Display for ParamKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.setter())
    }
}

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
        "`{kind}(\"{name}\", ..)`: the flow sets `{name}` itself; remove it (scopes go in `.scopes(..)`)"
    )]
    Reserved {
        /// Which parameters.
        kind: ParamKind,
        /// The parameter name.
        name: String,
    },
    /// The same parameter is given twice.
    #[error("`{kind}(\"{name}\", ..)` is given twice; keep one")]
    Duplicate {
        /// Which parameters.
        kind: ParamKind,
        /// The parameter name.
        name: String,
    },
}

impl ParamError {
    /// The parameter's name.
    pub fn name(&self) -> &str {
        match self {
            ParamError::Reserved { name, .. } | ParamError::Duplicate { name, .. } => name,
        }
    }
}

/// Checks the names of the extra parameters of one kind, in declaration order.
///
/// ```
/// use appcreds_rules::options::{check_params, ParamError, ParamKind};
/// assert!(check_params(ParamKind::Authorize, ["access_type", "prompt"]).is_empty());
/// assert!(matches!(&check_params(ParamKind::Authorize, ["state"])[0], ParamError::Reserved { .. }));
/// assert!(matches!(&check_params(ParamKind::Token, ["a", "a"])[0], ParamError::Duplicate { .. }));
/// ```
pub fn check_params<'a>(
    kind: ParamKind,
    names: impl IntoIterator<Item = &'a str>,
) -> Vec<ParamError> {
    let reserved = kind.reserved();
    let mut seen: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        if name.is_empty() || reserved.contains(&name) {
            problems.push(ParamError::Reserved {
                kind,
                name: name.to_owned(),
            });
        } else if seen.contains(&name) {
            problems.push(ParamError::Duplicate {
                kind,
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
        /// The method (`client_secret_basic` or `client_secret_post`).
        method: ClientAuth,
    },
    /// A public client without PKCE: nothing would bind the code to this client (RFC 9700 §2.1.1).
    #[error(
        "a public client must use PKCE (RFC 9700 §2.1.1): remove `.pkce(false)` or give the client a secret"
    )]
    PublicWithoutPkce,
}

/// Checks that a public client sends no secret and uses PKCE.
pub fn check_client(public: bool, method: ClientAuth, pkce: bool) -> Vec<ClientError> {
    let mut problems = Vec::new();
    if public {
        if method.sends_secret() {
            problems.push(ClientError::PublicWithSecret { method });
        }
        if !pkce {
            problems.push(ClientError::PublicWithoutPkce);
        }
    }
    problems
}

/// A problem with the declared scopes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScopeError {
    /// Several scopes but nothing to join them with.
    #[error("`scope_separator` is empty but there are several scopes; use \" \" or \",\"")]
    EmptySeparator,
    /// A scope is empty.
    #[error("a scope is empty; remove it from `.scopes(..)`")]
    Empty,
    /// A scope contains the separator, so it would be sent as several scopes.
    #[error(
        "the scope `{scope}` contains the scope separator `{separator}`; give each scope separately: `.scopes([{}])`",
        split_suggestion(scope, separator)
    )]
    ContainsSeparator {
        /// The scope.
        scope: String,
        /// The separator.
        separator: String,
    },
}

fn split_suggestion(scope: &str, separator: &str) -> String {
    scope
        .split(separator)
        .filter(|s| !s.is_empty())
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks the scopes against the separator that joins them: none empty, none containing the
/// separator, and a non-empty separator when there are several.
///
/// ```
/// use appcreds_rules::options::{check_scopes, ScopeError};
/// assert!(check_scopes(["read", "activity:read"], ",").is_empty());
/// let errors = check_scopes(["read,activity:read"], ",");
/// assert!(matches!(&errors[0], ScopeError::ContainsSeparator { .. }));
/// assert!(errors[0].to_string().ends_with(r#"`.scopes(["read", "activity:read"])`"#));
/// ```
pub fn check_scopes<'a>(
    scopes: impl IntoIterator<Item = &'a str>,
    separator: &str,
) -> Vec<ScopeError> {
    let scopes: Vec<&str> = scopes.into_iter().collect();
    let mut problems = Vec::new();
    if separator.is_empty() && scopes.len() > 1 {
        problems.push(ScopeError::EmptySeparator);
    }
    for scope in scopes {
        if scope.is_empty() {
            problems.push(ScopeError::Empty);
        } else if !separator.is_empty() && scope.contains(separator) {
            problems.push(ScopeError::ContainsSeparator {
                scope: scope.to_owned(),
                separator: separator.to_owned(),
            });
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

/// Why a server may not declare both a fixed and a fallback token-response path.
pub const BOTH_TOKEN_PATHS: &str = "`token_response_path` and `token_response_fallback_path` are both declared; keep `token_response_path` when the token is always nested, `token_response_fallback_path` when only some answers nest it";

/// How a token request's parameters are encoded in its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TokenBody {
    /// `application/x-www-form-urlencoded` (RFC 6749 §4.1.3; the default).
    #[default]
    Form,
    /// A JSON object of the same parameters, `application/json` (Notion).
    Json,
}

impl TokenBody {
    /// `form` or `json`, as the catalogue shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenBody::Form => "form",
            TokenBody::Json => "json",
        }
    }

    /// The encoding a `TokenBody::Variant` path names, for the macros.
    ///
    /// ```
    /// use appcreds_rules::options::TokenBody;
    /// assert_eq!(TokenBody::from_variant("Json"), Some(TokenBody::Json));
    /// assert_eq!(TokenBody::from_variant("json"), None);
    /// ```
    pub fn from_variant(variant: &str) -> Option<TokenBody> {
        match variant {
            "Form" => Some(TokenBody::Form),
            "Json" => Some(TokenBody::Json),
            _ => None,
        }
    }
}

impl fmt::Display for TokenBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem with a renamed parameter or a declared account value (`.client_id_param(..)`,
/// `.callback_value(..)`, `.token_value(..)`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    /// The name is empty or holds characters a parameter name should not.
    #[error(
        "`{setter}(\"{name}\")`: a parameter or field name is letters, digits, `_`, `-` and `.` only"
    )]
    Malformed {
        /// The setter.
        setter: &'static str,
        /// The name as written.
        name: String,
    },
    /// The name is one the flow already uses for something else.
    #[error("`{setter}(\"{name}\")`: the flow already uses `{name}` for something else; {fix}")]
    Taken {
        /// The setter.
        setter: &'static str,
        /// The name.
        name: String,
        /// What to do instead.
        fix: &'static str,
    },
    /// The same value is declared twice.
    #[error("`{setter}(\"{name}\")` is given twice; keep one")]
    Duplicate {
        /// The setter.
        setter: &'static str,
        /// The name.
        name: String,
    },
}

fn is_param_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Checks the name `client_id` is sent under (TikTok's `client_key`): a parameter name that is
/// neither another parameter the flow sets nor one of the extra parameters.
///
/// ```
/// use appcreds_rules::options::{check_client_id_param, NameError};
/// assert!(check_client_id_param("client_key", []).is_ok());
/// assert!(matches!(check_client_id_param("state", []), Err(NameError::Taken { .. })));
/// assert!(matches!(check_client_id_param("", []), Err(NameError::Malformed { .. })));
/// ```
pub fn check_client_id_param<'a>(
    name: &str,
    extra_params: impl IntoIterator<Item = &'a str>,
) -> Result<(), NameError> {
    const SETTER: &str = "client_id_param";
    if !is_param_name(name) {
        return Err(NameError::Malformed {
            setter: SETTER,
            name: name.to_owned(),
        });
    }
    let reserved = RESERVED_AUTHORIZE_PARAMS
        .iter()
        .chain(RESERVED_TOKEN_PARAMS)
        .any(|r| *r == name && name != "client_id");
    if reserved || extra_params.into_iter().any(|p| p == name) {
        return Err(NameError::Taken {
            setter: SETTER,
            name: name.to_owned(),
            fix: "name the parameter the provider expects for the client id",
        });
    }
    Ok(())
}

/// Checks the values kept with an account: from the callback's query (`callback_value`,
/// QuickBooks' `realmId`) or from the token response (`token_value`, Salesforce's
/// `instance_url`). Each is a parameter or field name, declared once; a callback value is none
/// of the parameters the callback itself carries, and a token value none of the token's own
/// fields.
///
/// ```
/// use appcreds_rules::options::{check_account_values, NameError};
/// assert!(check_account_values(["realmId"], ["instance_url"]).is_empty());
/// assert!(matches!(&check_account_values(["code"], [])[0], NameError::Taken { .. }));
/// assert!(matches!(&check_account_values([], ["access_token"])[0], NameError::Taken { .. }));
/// assert!(matches!(&check_account_values(["a", "a"], [])[0], NameError::Duplicate { .. }));
/// ```
pub fn check_account_values<'a>(
    callback: impl IntoIterator<Item = &'a str>,
    token: impl IntoIterator<Item = &'a str>,
) -> Vec<NameError> {
    const CALLBACK_OWN: &[&str] = &["code", "state", "iss", "error", "error_description"];
    const TOKEN_OWN: &[&str] = &[
        "access_token",
        "refresh_token",
        "token_type",
        "expires_in",
        "scope",
    ];
    let mut problems = Vec::new();
    let kinds: [(&'static str, Vec<&str>, &[&str]); 2] = [
        (
            "callback_value",
            callback.into_iter().collect(),
            CALLBACK_OWN,
        ),
        ("token_value", token.into_iter().collect(), TOKEN_OWN),
    ];
    for (setter, names, own) in kinds {
        for (i, name) in names.iter().enumerate() {
            if !is_param_name(name) {
                problems.push(NameError::Malformed {
                    setter,
                    name: (*name).to_owned(),
                });
            } else if own.contains(name) {
                problems.push(NameError::Taken {
                    setter,
                    name: (*name).to_owned(),
                    fix: "it is read by the flow itself; remove it",
                });
            } else if names[..i].contains(name) {
                problems.push(NameError::Duplicate {
                    setter,
                    name: (*name).to_owned(),
                });
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_clients() {
        assert!(check_client(true, ClientAuth::None, true).is_empty());
        assert!(check_client(false, ClientAuth::ClientSecretBasic, false).is_empty());
        assert_eq!(
            check_client(true, ClientAuth::ClientSecretBasic, false),
            [
                ClientError::PublicWithSecret {
                    method: ClientAuth::ClientSecretBasic
                },
                ClientError::PublicWithoutPkce
            ]
        );
    }

    #[test]
    fn empty_names_are_reserved() {
        assert!(matches!(
            &check_params(ParamKind::Token, [""])[0],
            ParamError::Reserved { .. }
        ));
        assert!(matches!(
            &check_params(ParamKind::Token, ["code"])[0],
            ParamError::Reserved { .. }
        ));
        assert!(check_params(ParamKind::Token, ["action"]).is_empty());
    }
}
