//! [`AuthorizationServer`]: where a provider's OAuth 2.0 endpoints are and how to talk to them.

use std::time::Duration;

use appcreds_rules::endpoint::{self, EndpointError};
use serde::Serialize;
use thiserror::Error;
use url::Url;

/// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuth {
    /// `client_id` and `client_secret` in the form body (Home Assistant's only method; the default).
    #[default]
    ClientSecretPost,
    /// `Authorization: Basic base64(urlencode(id):urlencode(secret))`, nothing in the body.
    ClientSecretBasic,
    /// A public client: only `client_id` in the body, the secret is never sent.
    None,
}

/// An OAuth 2.0 authorization server, as an integration declares it in its
/// `#[authorization_server]` function.
///
/// Only the two endpoints are required; every option has the default most providers want:
/// PKCE (S256) on, `client_secret_post`, no scopes, space as the scope separator.
///
/// ```
/// use appcreds::{AuthorizationServer, ClientAuth};
///
/// let server = AuthorizationServer::new("https://www.fitbit.com/oauth2/authorize", "https://api.fitbit.com/oauth2/token")
///     .client_auth(ClientAuth::ClientSecretBasic)
///     .scopes(["activity", "heartrate"])
///     .authorize_param("prompt", "consent");
/// assert!(server.validate().is_ok());
/// assert_eq!(server.scope_param().as_deref(), Some("activity heartrate"));
/// ```
///
/// The endpoints are checked when the server is used ([`AuthorizationServer::validate`]), and when
/// they are string literals in the annotated function, at compile time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorizationServer {
    authorize_url: String,
    token_url: String,
    pkce: bool,
    client_auth: ClientAuth,
    scopes: Vec<String>,
    scope_separator: String,
    authorize_params: Vec<(String, String)>,
    token_params: Vec<(String, String)>,
    issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "seconds")]
    refresh_margin: Option<Duration>,
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

impl AuthorizationServer {
    /// A server with these endpoints and the default options.
    pub fn new(authorize_url: impl Into<String>, token_url: impl Into<String>) -> Self {
        AuthorizationServer {
            authorize_url: authorize_url.into(),
            token_url: token_url.into(),
            pkce: true,
            client_auth: ClientAuth::default(),
            scopes: Vec::new(),
            scope_separator: " ".to_owned(),
            authorize_params: Vec::new(),
            token_params: Vec::new(),
            issuer: None,
            refresh_margin: None,
        }
    }

    /// Turns PKCE (S256, a new verifier per flow) on or off. On by default; turn it off only for a
    /// server that rejects it.
    pub fn pkce(mut self, enabled: bool) -> Self {
        self.pkce = enabled;
        self
    }

    /// How the client authenticates at the token endpoint.
    pub fn client_auth(mut self, method: ClientAuth) -> Self {
        self.client_auth = method;
        self
    }

    /// The scopes requested in every flow.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// What joins the scopes in the `scope` parameter: a space by default, `,` for Spotify.
    pub fn scope_separator(mut self, separator: impl Into<String>) -> Self {
        self.scope_separator = separator.into();
        self
    }

    /// An extra parameter of the authorize URL, such as `access_type=offline` or `prompt=consent`.
    pub fn authorize_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.authorize_params.push((name.into(), value.into()));
        self
    }

    /// An extra parameter of every token request, such as Withings' `action=requesttoken`.
    pub fn token_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.token_params.push((name.into(), value.into()));
        self
    }

    /// The server's issuer identifier (RFC 9207): when set, a callback's `iss` must equal it.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// How long before expiry a token is refreshed, instead of the engine's default.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = Some(margin);
        self
    }

    /// The authorize endpoint, as declared.
    pub fn authorize_url(&self) -> &str {
        &self.authorize_url
    }

    /// The token endpoint, as declared.
    pub fn token_url(&self) -> &str {
        &self.token_url
    }

    /// Whether flows use PKCE.
    pub fn uses_pkce(&self) -> bool {
        self.pkce
    }

    /// The client authentication method.
    pub fn client_auth_method(&self) -> ClientAuth {
        self.client_auth
    }

    /// The default scopes.
    pub fn default_scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The scope separator.
    pub fn separator(&self) -> &str {
        &self.scope_separator
    }

    /// The `scope` parameter: the scopes joined with the separator, or `None` without scopes.
    pub fn scope_param(&self) -> Option<String> {
        (!self.scopes.is_empty()).then(|| self.scopes.join(&self.scope_separator))
    }

    /// Extra authorize parameters, in declaration order.
    pub fn authorize_params(&self) -> &[(String, String)] {
        &self.authorize_params
    }

    /// Extra token parameters, in declaration order.
    pub fn token_params(&self) -> &[(String, String)] {
        &self.token_params
    }

    /// The declared issuer, if any.
    pub fn issuer_id(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The refresh margin override, if any.
    pub fn refresh_margin_override(&self) -> Option<Duration> {
        self.refresh_margin
    }

    /// Checks every endpoint and option, reporting all problems.
    pub fn validate(&self) -> Result<ValidServer, ServerError> {
        let mut problems = Vec::new();
        let authorize = endpoint::validate(&self.authorize_url)
            .map_err(|e| {
                problems.push(ServerProblem::Endpoint {
                    field: "authorize_url",
                    error: e,
                })
            })
            .ok();
        let token = endpoint::validate(&self.token_url)
            .map_err(|e| {
                problems.push(ServerProblem::Endpoint {
                    field: "token_url",
                    error: e,
                })
            })
            .ok();
        if let Some(issuer) = &self.issuer
            && let Err(error) = endpoint::validate(issuer)
        {
            problems.push(ServerProblem::Endpoint {
                field: "issuer",
                error,
            });
        }
        for (name, _) in &self.authorize_params {
            if name.is_empty() || RESERVED_AUTHORIZE_PARAMS.contains(&name.as_str()) {
                problems.push(ServerProblem::ReservedParam {
                    field: "authorize_param",
                    name: name.clone(),
                });
            }
        }
        for (name, _) in &self.token_params {
            if name.is_empty() || RESERVED_TOKEN_PARAMS.contains(&name.as_str()) {
                problems.push(ServerProblem::ReservedParam {
                    field: "token_param",
                    name: name.clone(),
                });
            }
        }
        if self.scope_separator.is_empty() && self.scopes.len() > 1 {
            problems.push(ServerProblem::EmptySeparator);
        }
        if let Some(scope) = self
            .scopes
            .iter()
            .find(|s| s.is_empty() || s.contains(&self.scope_separator))
        {
            problems.push(ServerProblem::BadScope {
                scope: scope.clone(),
            });
        }
        match (authorize, token) {
            (Some(authorize_url), Some(token_url)) if problems.is_empty() => Ok(ValidServer {
                authorize_url,
                token_url,
            }),
            _ => Err(ServerError { problems }),
        }
    }
}

fn seconds<S: serde::Serializer>(
    margin: &Option<Duration>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match margin {
        Some(margin) => serializer.serialize_u64(margin.as_secs()),
        None => serializer.serialize_none(),
    }
}

/// The parsed endpoints of a server that passed [`AuthorizationServer::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidServer {
    /// The authorize endpoint.
    pub authorize_url: Url,
    /// The token endpoint.
    pub token_url: Url,
}

/// Everything wrong with an [`AuthorizationServer`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid authorization server: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct ServerError {
    /// The problems, in the order checked.
    pub problems: Vec<ServerProblem>,
}

/// One problem of an [`AuthorizationServer`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ServerProblem {
    /// An endpoint is not an acceptable URL.
    #[error("`{field}`: {error}")]
    Endpoint {
        /// `authorize_url`, `token_url` or `issuer`.
        field: &'static str,
        /// Why.
        error: EndpointError,
    },
    /// An extra parameter would override one the flow sets.
    #[error(
        "`{field}(\"{name}\", ..)`: the flow sets `{name}` itself; remove it (scopes go in `.scopes(..)`)"
    )]
    ReservedParam {
        /// `authorize_param` or `token_param`.
        field: &'static str,
        /// The parameter name.
        name: String,
    },
    /// Several scopes but nothing to join them with.
    #[error("`scope_separator` is empty but there are several scopes; use \" \" or \",\"")]
    EmptySeparator,
    /// A scope is empty or contains the separator.
    #[error(
        "the scope `{scope}` is empty or contains the scope separator; give each scope separately"
    )]
    BadScope {
        /// The scope.
        scope: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let server = AuthorizationServer::new("https://a.example/auth", "https://a.example/token");
        assert!(server.uses_pkce());
        assert_eq!(server.client_auth_method(), ClientAuth::ClientSecretPost);
        assert_eq!(server.scope_param(), None);
        assert_eq!(server.separator(), " ");
        assert!(server.validate().is_ok());
    }

    #[test]
    fn scopes_join_with_the_separator() {
        let server = AuthorizationServer::new("https://a.example/a", "https://a.example/t")
            .scopes(["a", "b"])
            .scope_separator(",");
        assert_eq!(server.scope_param().as_deref(), Some("a,b"));
    }

    #[test]
    fn reports_every_problem() {
        let server = AuthorizationServer::new("http://a.example/a", "https://a.example/t#x")
            .authorize_param("state", "x")
            .token_param("grant_type", "y")
            .issuer("nope")
            .scopes(["a b"]);
        let problems = server.validate().unwrap_err().problems;
        assert_eq!(problems.len(), 6, "{problems:#?}");
    }
}
