//! [`AuthorizationServer`]: where a provider's OAuth 2.0 endpoints are and how to talk to them.

use std::time::Duration;

use appcreds_rules::endpoint::{self, EndpointError};
use appcreds_rules::options::{self, ClientError, ParamError, ResponsePathError};
use appcreds_rules::placeholder;
use appcreds_rules::template::{
    self, InputError, InputMismatch, Pattern, PatternError, TemplateError,
};
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

impl ClientAuth {
    /// The RFC 7591 name: `client_secret_post`, `client_secret_basic` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuth::ClientSecretPost => "client_secret_post",
            ClientAuth::ClientSecretBasic => "client_secret_basic",
            ClientAuth::None => "none",
        }
    }
}

/// A per-account input: a value that fills `{name}` in the server's URL templates, with the
/// pattern every value must match (see [`AuthorizationServer::input`]), or a whole URL an
/// `#[auth_implementation]` declares with `url_input = "name"` (see [`InputKind::Url`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateInput {
    name: String,
    pattern: String,
    #[serde(skip_serializing_if = "InputKind::is_template")]
    kind: InputKind,
}

/// What kind of value a per-account input takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A value substituted into `{name}` of a URL template: checked against its pattern and the
    /// template rules (never `/`, `@`, `?`, `#`, `%`, ...).
    #[default]
    Template,
    /// A whole URL (MCP's server URL), never substituted into a template: an absolute `https`
    /// URL (`http` only on a loopback host), without user information or fragment — the rules of
    /// an endpoint. The integration fetches it, for discovery.
    Url,
}

impl InputKind {
    fn is_template(&self) -> bool {
        *self == InputKind::Template
    }
}

/// The (loose) pattern reported for a URL input, for a form field; the real check is the endpoint
/// rules (see [`InputKind::Url`]).
pub const URL_INPUT_PATTERN: &str = r"https?://\S+";

impl TemplateInput {
    /// A URL input named `name` (see [`InputKind::Url`]).
    pub fn url(name: impl Into<String>) -> TemplateInput {
        TemplateInput {
            name: name.into(),
            pattern: URL_INPUT_PATTERN.to_owned(),
            kind: InputKind::Url,
        }
    }

    /// The input's name, as used in `{name}` or [`StartOptions::input`](crate::linking::StartOptions::input).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The regular expression a value must match as a whole ([`URL_INPUT_PATTERN`] for a URL
    /// input).
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// What kind of value it takes.
    pub fn kind(&self) -> InputKind {
        self.kind
    }

    /// Checks a value of a URL input: the endpoint rules (absolute `https`, `http` only on a
    /// loopback host, no user information, no fragment). Returns it parsed.
    pub fn check_url(value: &str) -> Result<Url, EndpointError> {
        endpoint::validate(value)
    }
}

/// An OAuth 2.0 authorization server, as an integration declares it in its
/// `#[authorization_server]` function.
///
/// Only the two endpoints are required; every option has the default most providers want:
/// PKCE (S256) on, `client_secret_post`, no scopes, space as the scope separator.
///
/// | option | what it changes on the wire |
/// |---|---|
/// | [`pkce`](Self::pkce) | `code_challenge`/`code_challenge_method=S256` in the authorize URL, `code_verifier` in the code exchange |
/// | [`client_auth`](Self::client_auth) | where the client id and secret go in token requests (body, HTTP Basic, or only the id) |
/// | [`public_client`](Self::public_client) | no secret is ever sent (the credential's secret may be empty); requires PKCE |
/// | [`scopes`](Self::scopes), [`scope_separator`](Self::scope_separator) | the `scope` authorize parameter |
/// | [`authorize_param`](Self::authorize_param) | extra authorize URL parameters (`access_type=offline`, ...) |
/// | [`token_param`](Self::token_param) | extra parameters of every token request (Withings' `action=requesttoken`) |
/// | [`token_response_path`](Self::token_response_path) | the token is read from this object of the response (Withings' `body`) |
/// | [`redirect_uri_on_refresh`](Self::redirect_uri_on_refresh) | refresh requests carry `redirect_uri` too (Geocaching) |
/// | [`input`](Self::input) | `{name}` in a URL is filled from a validated per-account value (Nest's project id) |
/// | [`issuer`](Self::issuer) | the callback's `iss` must equal it (RFC 9207) |
/// | [`iss_parameter_supported`](Self::iss_parameter_supported) | the callback must carry `iss` |
/// | [`refresh_margin`](Self::refresh_margin) | how early tokens are refreshed |
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
    iss_parameter_supported: bool,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "seconds")]
    refresh_margin: Option<Duration>,
    public_client: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    inputs: Vec<TemplateInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_response_path: Option<String>,
    redirect_uri_on_refresh: bool,
}

pub use appcreds_rules::options::{RESERVED_AUTHORIZE_PARAMS, RESERVED_TOKEN_PARAMS};

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
            iss_parameter_supported: false,
            refresh_margin: None,
            public_client: false,
            inputs: Vec::new(),
            token_response_path: None,
            redirect_uri_on_refresh: false,
        }
    }

    /// Declares a public client: token requests carry only `client_id`, never a secret, and the
    /// user's credential may have an empty secret. Sets [`ClientAuth::None`]; a public client must
    /// keep PKCE on. Combining it with a secret-sending `client_auth` is a validation error.
    pub fn public_client(mut self) -> Self {
        self.public_client = true;
        self.client_auth = ClientAuth::None;
        self
    }

    /// Declares the per-account input `name`, which fills `{name}` in the authorize and token URL
    /// templates. Every value must match `pattern` (a regular expression, anchored at both ends)
    /// and may never contain `/`, `\`, `@`, `?`, `#`, `%`, whitespace, nor be `.`/`..`; a `{name}`
    /// may only appear in a URL's path or query. So no input can change the host.
    ///
    /// ```
    /// use appcreds::AuthorizationServer;
    ///
    /// let nest = AuthorizationServer::new(
    ///     "https://nestservices.google.com/partnerconnections/{project_id}/auth",
    ///     "https://www.googleapis.com/oauth2/v4/token",
    /// )
    /// .input("project_id", "[a-z0-9-]{1,64}");
    /// let linked = nest.resolve([("project_id", "my-project")]).unwrap();
    /// assert_eq!(linked.authorize_url(), "https://nestservices.google.com/partnerconnections/my-project/auth");
    /// assert!(nest.resolve([("project_id", "evil.example/x")]).is_err());
    /// ```
    pub fn input(mut self, name: impl Into<String>, pattern: impl Into<String>) -> Self {
        self.inputs.push(TemplateInput {
            name: name.into(),
            pattern: pattern.into(),
            kind: InputKind::Template,
        });
        self
    }

    /// The token response nests the token fields in this object (`body` for Withings, or a dotted
    /// path such as `data.token`): the engine reads `access_token`, `expires_in`, ... from there.
    pub fn token_response_path(mut self, path: impl Into<String>) -> Self {
        self.token_response_path = Some(path.into());
        self
    }

    /// Sends `redirect_uri` in refresh requests too, as Geocaching requires ("mandatory, but not
    /// according to the OAuth 2.0 spec").
    pub fn redirect_uri_on_refresh(mut self, enabled: bool) -> Self {
        self.redirect_uri_on_refresh = enabled;
        self
    }

    /// Whether the server was declared a public client (see [`AuthorizationServer::public_client`]).
    pub fn is_public_client(&self) -> bool {
        self.public_client
    }

    /// The declared per-account inputs, in declaration order.
    pub fn inputs(&self) -> &[TemplateInput] {
        &self.inputs
    }

    /// The token-response path, if any.
    pub fn response_path(&self) -> Option<&str> {
        self.token_response_path.as_deref()
    }

    /// Whether refresh requests carry `redirect_uri`.
    pub fn sends_redirect_uri_on_refresh(&self) -> bool {
        self.redirect_uri_on_refresh
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

    /// Declares that the server always sends `iss` in its authorization responses (RFC 9207): a
    /// callback without it is then refused. Needs [`issuer`](Self::issuer).
    pub fn iss_parameter_supported(mut self, always_sent: bool) -> Self {
        self.iss_parameter_supported = always_sent;
        self
    }

    /// Whether the server always sends `iss` in the authorization response (RFC 9207's
    /// `authorization_response_iss_parameter_supported`).
    pub fn sends_iss(&self) -> bool {
        self.iss_parameter_supported
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

    /// Every problem of the declaration: endpoints and URL templates, extra parameters, client
    /// authentication, scopes, inputs and their patterns, the token-response path. Empty when the
    /// declaration is sound (a server with inputs still needs [`AuthorizationServer::resolve`]).
    pub fn problems(&self) -> Vec<ServerProblem> {
        let mut problems = Vec::new();
        let mut used = Vec::new();
        for (field, url) in [
            ("authorize_url", &self.authorize_url),
            ("token_url", &self.token_url),
        ] {
            // Every `{name}` counts as used, even a misplaced one: it is reported once, as misplaced.
            used.extend(placeholder::scan(url).0.into_iter().map(|u| u.name));
            if let Err(errors) = template::variables(url) {
                problems.extend(errors.into_iter().map(|error| match error {
                    TemplateError::Endpoint(error) => ServerProblem::Endpoint { field, error },
                    error => ServerProblem::Template { field, error },
                }));
            }
        }
        if let Some(issuer) = &self.issuer
            && let Err(error) = endpoint::validate(issuer)
        {
            problems.push(ServerProblem::Endpoint {
                field: "issuer",
                error,
            });
        }
        let names = |params: &[(String, String)]| -> Vec<String> {
            params.iter().map(|(name, _)| name.clone()).collect()
        };
        for (field, params) in [
            ("authorize_param", names(&self.authorize_params)),
            ("token_param", names(&self.token_params)),
        ] {
            problems.extend(
                options::check_params(field, params.iter().map(String::as_str))
                    .into_iter()
                    .map(ServerProblem::from),
            );
        }
        if self.scope_separator.is_empty() && self.scopes.len() > 1 {
            problems.push(ServerProblem::EmptySeparator);
        }
        if let Some(scope) = self.scopes.iter().find(|s| {
            s.is_empty() || (!self.scope_separator.is_empty() && s.contains(&self.scope_separator))
        }) {
            problems.push(ServerProblem::BadScope {
                scope: scope.clone(),
            });
        }
        let secret_method =
            (self.client_auth != ClientAuth::None).then(|| self.client_auth.as_str());
        problems.extend(
            options::check_client(self.public_client, secret_method, self.pkce)
                .into_iter()
                .map(ServerProblem::Client),
        );
        let declared: Vec<&str> = self.inputs.iter().map(|i| i.name.as_str()).collect();
        let used: Vec<&str> = used.iter().map(String::as_str).collect();
        problems.extend(
            template::compare(&used, &declared)
                .into_iter()
                .map(ServerProblem::Input),
        );
        for input in &self.inputs {
            if let Err(error) = Pattern::new(&input.pattern) {
                problems.push(ServerProblem::Pattern {
                    name: input.name.clone(),
                    error,
                });
            }
        }
        if let Some(path) = &self.token_response_path
            && let Err(error) = options::response_path(path)
        {
            problems.push(ServerProblem::ResponsePath(error));
        }
        problems
    }

    /// Checks every endpoint and option, reporting all problems. A server with inputs must be
    /// [resolved](AuthorizationServer::resolve) first: its URLs are templates until then.
    pub fn validate(&self) -> Result<ValidServer, ServerError> {
        let mut problems = self.problems();
        if problems.is_empty() && !self.inputs.is_empty() {
            problems.push(ServerProblem::Unresolved {
                names: self.inputs.iter().map(|i| i.name.clone()).collect(),
            });
        }
        match (
            endpoint::validate(&self.authorize_url),
            endpoint::validate(&self.token_url),
        ) {
            (Ok(authorize_url), Ok(token_url)) if problems.is_empty() => Ok(ValidServer {
                authorize_url,
                token_url,
            }),
            _ => Err(ServerError { problems }),
        }
    }

    /// Fills the URL templates with one account's input values, each checked against its input's
    /// pattern and the characters no value may hold. The result has concrete URLs and no inputs,
    /// so it [validates](AuthorizationServer::validate); a server without inputs resolves to itself.
    pub fn resolve<'a>(
        &self,
        values: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<AuthorizationServer, ServerError> {
        let problems = self.problems();
        if !problems.is_empty() {
            return Err(ServerError { problems });
        }
        let values: Vec<(&str, &str)> = values.into_iter().collect();
        let value = |name: &str| values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        let mut problems = Vec::new();
        for input in &self.inputs {
            let result = Pattern::new(&input.pattern)
                .map_err(|error| ServerProblem::Pattern {
                    name: input.name.clone(),
                    error,
                })
                .and_then(|pattern| {
                    template::check_value(
                        &input.name,
                        value(&input.name).unwrap_or_default(),
                        &input.pattern,
                        &pattern,
                    )
                    .map_err(ServerProblem::InputValue)
                });
            problems.extend(result.err());
        }
        if !problems.is_empty() {
            return Err(ServerError { problems });
        }
        let mut resolved = self.clone();
        resolved.authorize_url = template::fill(&self.authorize_url, value);
        resolved.token_url = template::fill(&self.token_url, value);
        resolved.inputs.clear();
        resolved.validate()?;
        Ok(resolved)
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
    /// The same extra parameter is given twice.
    #[error("`{field}(\"{name}\", ..)` is given twice; keep one")]
    DuplicateParam {
        /// `authorize_param` or `token_param`.
        field: &'static str,
        /// The parameter name.
        name: String,
    },
    /// The client-authentication options contradict each other.
    #[error("{0}")]
    Client(ClientError),
    /// A URL template is malformed or puts an input in the host.
    #[error("`{field}`: {error}")]
    Template {
        /// `authorize_url` or `token_url`.
        field: &'static str,
        /// Why.
        error: TemplateError,
    },
    /// The inputs declared and the `{names}` the URLs use disagree.
    #[error("{0}")]
    Input(InputMismatch),
    /// An input's pattern is not a regular expression.
    #[error("input `{name}`: {error}")]
    Pattern {
        /// The input.
        name: String,
        /// Why.
        error: PatternError,
    },
    /// The token-response path is malformed.
    #[error("{0}")]
    ResponsePath(ResponsePathError),
    /// The server has inputs and was validated before [`AuthorizationServer::resolve`].
    #[error(
        "the URLs are templates filled from the inputs {names:?}; call `.resolve(values)` first"
    )]
    Unresolved {
        /// The inputs.
        names: Vec<String>,
    },
    /// An input value was refused by [`AuthorizationServer::resolve`].
    #[error("{0}")]
    InputValue(InputError),
}

impl ServerProblem {
    /// A stable machine code for the rule, such as `reserved_param`.
    pub fn code(&self) -> &'static str {
        match self {
            ServerProblem::Endpoint { .. } => "invalid_endpoint",
            ServerProblem::ReservedParam { .. } => "reserved_param",
            ServerProblem::EmptySeparator => "empty_scope_separator",
            ServerProblem::BadScope { .. } => "bad_scope",
            ServerProblem::DuplicateParam { .. } => "duplicate_param",
            ServerProblem::Client(ClientError::PublicWithSecret { .. }) => {
                "public_client_with_secret"
            }
            ServerProblem::Client(ClientError::PublicWithoutPkce) => "public_client_without_pkce",
            ServerProblem::Template { .. } => "url_template",
            ServerProblem::Input(InputMismatch::Undeclared { .. }) => "undeclared_input",
            ServerProblem::Input(InputMismatch::Unused { .. }) => "unused_input",
            ServerProblem::Input(InputMismatch::Duplicate { .. }) => "duplicate_input",
            ServerProblem::Input(InputMismatch::BadName { .. }) => "invalid_input_name",
            ServerProblem::Pattern { .. } => "invalid_input_pattern",
            ServerProblem::ResponsePath(_) => "invalid_token_response_path",
            ServerProblem::Unresolved { .. } => "unresolved_inputs",
            ServerProblem::InputValue(_) => "invalid_input_value",
        }
    }
}

impl From<ParamError> for ServerProblem {
    fn from(error: ParamError) -> Self {
        match error {
            ParamError::Reserved { field, name } => ServerProblem::ReservedParam { field, name },
            ParamError::Duplicate { field, name } => ServerProblem::DuplicateParam { field, name },
        }
    }
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

    #[test]
    fn option_consistency() {
        let server = AuthorizationServer::new("https://a.example/a", "https://a.example/t")
            .public_client()
            .client_auth(ClientAuth::ClientSecretBasic)
            .pkce(false)
            .authorize_param("prompt", "consent")
            .authorize_param("prompt", "none")
            .token_response_path("body..x");
        let codes: Vec<_> = server.problems().iter().map(ServerProblem::code).collect();
        assert_eq!(
            codes,
            [
                "duplicate_param",
                "public_client_with_secret",
                "public_client_without_pkce",
                "invalid_token_response_path"
            ]
        );
        let public = AuthorizationServer::new("https://a.example/a", "https://a.example/t")
            .public_client()
            .token_response_path("body");
        assert!(public.validate().is_ok());
        assert_eq!(public.client_auth_method(), ClientAuth::None);
    }

    #[test]
    fn templates_need_declared_inputs_and_resolve_safely() {
        let base = || {
            AuthorizationServer::new(
                "https://login.example.com/{tenant}/authorize",
                "https://login.example.com/{tenant}/token",
            )
        };
        let undeclared = base().problems();
        assert_eq!(undeclared.len(), 1, "{undeclared:?}");
        assert_eq!(undeclared[0].code(), "undeclared_input");
        let unused = base()
            .input("tenant", ".+")
            .input("region", ".+")
            .problems();
        assert_eq!(unused[0].code(), "unused_input");
        let in_host =
            AuthorizationServer::new("https://{tenant}.example.com/a", "https://example.com/t")
                .input("tenant", ".+")
                .problems();
        assert_eq!(in_host[0].code(), "url_template");
        assert_eq!(
            base().input("tenant", "[a-z").problems()[0].code(),
            "invalid_input_pattern"
        );

        let server = base().input("tenant", "[A-Za-z0-9.-]{1,64}");
        assert_eq!(
            server.validate().unwrap_err().problems[0].code(),
            "unresolved_inputs"
        );
        let resolved = server
            .resolve([("tenant", "contoso.onmicrosoft.com")])
            .unwrap();
        assert_eq!(
            resolved.token_url(),
            "https://login.example.com/contoso.onmicrosoft.com/token"
        );
        let valid = resolved.validate().unwrap();
        assert_eq!(valid.authorize_url.host_str(), Some("login.example.com"));
        for evil in [
            "evil.com/",
            "a@evil.com",
            "..",
            "a?b",
            "a#b",
            "a%2f",
            "a b",
            "",
        ] {
            let error = server.resolve([("tenant", evil)]).unwrap_err();
            assert_eq!(error.problems[0].code(), "invalid_input_value", "{evil:?}");
        }
        assert_eq!(
            server
                .resolve([("tenant", "under_score")])
                .unwrap_err()
                .problems[0]
                .code(),
            "invalid_input_value"
        );
    }
}
