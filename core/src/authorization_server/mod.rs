//! [`AuthorizationServer`]: where a provider's OAuth 2.0 endpoints are and how to talk to them, as
//! an integration declares it; [`ValidServer`]: the same, checked and parsed.

mod check;
mod input;
mod problem;
mod valid;

use std::time::Duration;

use appcreds_rules::endpoint;
use appcreds_rules::options::ParamKind;
use appcreds_rules::template::{self, Pattern};
use serde::Serialize;

pub use appcreds_rules::options::{
    ClientAuth, RESERVED_AUTHORIZE_PARAMS, RESERVED_TOKEN_PARAMS, TokenBody,
};
pub use input::{Input, InputKind, URL_INPUT_PATTERN};
pub use problem::{ServerError, ServerProblem};
use valid::OptionalEndpoints;
pub use valid::ValidServer;

/// An OAuth 2.0 authorization server, as an integration declares it in its
/// `#[authorization_server]` function: a builder. [`validate`](Self::validate) (or
/// [`resolve`](Self::resolve), for a server with per-account inputs) checks it and returns a
/// [`ValidServer`], whose getters are named like these setters. The declaration itself only
/// tells what `new` and [`input`](Self::input) were given: the endpoints as declared (templates
/// while there are inputs) and the inputs.
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
/// | [`refresh_url`](Self::refresh_url) | refresh requests go to this endpoint instead of the token endpoint (Figma) |
/// | [`token_body`](Self::token_body) | token requests send their parameters as a JSON object (Notion) |
/// | [`send_response_type`](Self::send_response_type) | `false` leaves `response_type=code` out of the authorize URL (monday.com) |
/// | [`client_id_param`](Self::client_id_param) | the client id is sent under this name (TikTok's `client_key`) |
/// | [`token_response_fallback_path`](Self::token_response_fallback_path) | without a top-level `access_token`, the token is read from this object (Slack's `authed_user`) |
/// | [`callback_value`](Self::callback_value), [`token_value`](Self::token_value) | a callback parameter or token-response field is required and kept with the account's token (QuickBooks' `realmId`, Salesforce's `instance_url`) |
/// | [`input`](Self::input) | `{name}` in a URL is filled from a validated per-account value (Nest's project id) |
/// | [`issuer`](Self::issuer) | the callback's `iss` must equal it (RFC 9207) |
/// | [`iss_parameter_supported`](Self::iss_parameter_supported) | the callback must carry `iss` |
/// | [`refresh_margin`](Self::refresh_margin) | how early tokens are refreshed |
/// | [`revocation_url`](Self::revocation_url) | removing an account revokes its tokens there (RFC 7009) |
/// | [`device_authorization_url`](Self::device_authorization_url) | accounts can be linked with the device flow (RFC 8628) |
/// | [`dynamic_registration`](Self::dynamic_registration) | a client may be registered at the server's registration endpoint (RFC 7591) |
///
/// ```
/// use appcreds::{AuthorizationServer, ClientAuth};
///
/// let server = AuthorizationServer::new("https://www.fitbit.com/oauth2/authorize", "https://api.fitbit.com/oauth2/token")
///     .client_auth(ClientAuth::ClientSecretBasic)
///     .scopes(["activity", "heartrate"])
///     .authorize_param("prompt", "consent");
/// let valid = server.validate().unwrap();
/// assert_eq!(valid.scopes(), ["activity", "heartrate"]);
/// assert_eq!(valid.client_auth(), ClientAuth::ClientSecretBasic);
/// ```
///
/// The endpoints are checked when the server is used ([`AuthorizationServer::validate`]), and when
/// they are string literals in the annotated function, at compile time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorizationServer {
    // Read inside the crate (rules, catalogue, registry) as declared, before any validation; the
    // public way to read a server is its `ValidServer`.
    pub(crate) authorize_url: String,
    pub(crate) token_url: String,
    #[serde(flatten)]
    pub(crate) options: Options,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) inputs: Vec<Input>,
}

/// Everything but the endpoints and the inputs: what validation checks but does not transform,
/// so [`ValidServer`] keeps it as declared. Each field is named like its setter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Options {
    pub(crate) pkce: bool,
    #[serde(serialize_with = "client_auth_name")]
    pub(crate) client_auth: ClientAuth,
    pub(crate) scopes: Vec<String>,
    pub(crate) scope_separator: String,
    pub(crate) authorize_params: Vec<(String, String)>,
    pub(crate) token_params: Vec<(String, String)>,
    pub(crate) issuer: Option<String>,
    pub(crate) iss_parameter_supported: bool,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "seconds")]
    pub(crate) refresh_margin: Option<Duration>,
    pub(crate) public_client: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) token_response_path: Option<String>,
    pub(crate) redirect_uri_on_refresh: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) refresh_url: Option<String>,
    #[serde(skip_serializing_if = "is_form", serialize_with = "token_body_name")]
    pub(crate) token_body: TokenBody,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) client_id_param: Option<String>,
    #[serde(skip_serializing_if = "is_true")]
    pub(crate) send_response_type: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) token_response_fallback_path: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) callback_values: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) token_values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) revocation_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) device_authorization_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) registration_url: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) dynamic_registration: bool,
}

impl Options {
    /// The extra parameters of one kind.
    pub(crate) fn params(&self, kind: ParamKind) -> &[(String, String)] {
        match kind {
            ParamKind::Authorize => &self.authorize_params,
            ParamKind::Token => &self.token_params,
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
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
            token_response_path: None,
            redirect_uri_on_refresh: false,
            refresh_url: None,
            token_body: TokenBody::Form,
            client_id_param: None,
            send_response_type: true,
            token_response_fallback_path: None,
            callback_values: Vec::new(),
            token_values: Vec::new(),
            revocation_url: None,
            device_authorization_url: None,
            registration_url: None,
            dynamic_registration: false,
        }
    }
}

impl AuthorizationServer {
    /// A server with these endpoints and the default options.
    pub fn new(authorize_url: impl Into<String>, token_url: impl Into<String>) -> Self {
        AuthorizationServer {
            authorize_url: authorize_url.into(),
            token_url: token_url.into(),
            options: Options::default(),
            inputs: Vec::new(),
        }
    }

    /// Turns PKCE (S256, a new verifier per flow) on or off. On by default; turn it off only for a
    /// server that rejects it.
    pub fn pkce(mut self, enabled: bool) -> Self {
        self.options.pkce = enabled;
        self
    }

    /// How the client authenticates at the token endpoint.
    pub fn client_auth(mut self, method: ClientAuth) -> Self {
        self.options.client_auth = method;
        self
    }

    /// Declares a public client: token requests carry only `client_id`, never a secret, and the
    /// user's credential may have an empty secret. Sets [`ClientAuth::None`]; a public client must
    /// keep PKCE on. Combining it with a secret-sending `client_auth` is a validation error.
    pub fn public_client(mut self) -> Self {
        self.options.public_client = true;
        self.options.client_auth = ClientAuth::None;
        self
    }

    /// The scopes requested in every flow.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.options.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// What joins the scopes in the `scope` parameter: a space by default, `,` for Spotify.
    pub fn scope_separator(mut self, separator: impl Into<String>) -> Self {
        self.options.scope_separator = separator.into();
        self
    }

    /// An extra parameter of the authorize URL, such as `access_type=offline` or `prompt=consent`.
    pub fn authorize_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options
            .authorize_params
            .push((name.into(), value.into()));
        self
    }

    /// An extra parameter of every token request, such as Withings' `action=requesttoken`.
    pub fn token_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.token_params.push((name.into(), value.into()));
        self
    }

    /// The server's issuer identifier (RFC 9207): when set, a callback's `iss` must equal it.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.options.issuer = Some(issuer.into());
        self
    }

    /// Declares that the server always sends `iss` in its authorization responses (RFC 9207): a
    /// callback without it is then refused. Needs [`issuer`](Self::issuer).
    pub fn iss_parameter_supported(mut self, always_sent: bool) -> Self {
        self.options.iss_parameter_supported = always_sent;
        self
    }

    /// How long before expiry a token is refreshed, instead of the engine's default.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.options.refresh_margin = Some(margin);
        self
    }

    /// The token response nests the token fields in this object (`body` for Withings, or a dotted
    /// path such as `data.token`): the engine reads `access_token`, `expires_in`, ... from there.
    pub fn token_response_path(mut self, path: impl Into<String>) -> Self {
        self.options.token_response_path = Some(path.into());
        self
    }

    /// Sends `redirect_uri` in refresh requests too, as Geocaching requires ("mandatory, but not
    /// according to the OAuth 2.0 spec").
    pub fn redirect_uri_on_refresh(mut self, enabled: bool) -> Self {
        self.options.redirect_uri_on_refresh = enabled;
        self
    }

    /// Sends refresh requests to this endpoint instead of the token endpoint, as Figma and COROS
    /// want. An acceptable endpoint like the others; it may use the inputs (`{name}`) too.
    pub fn refresh_url(mut self, url: impl Into<String>) -> Self {
        self.options.refresh_url = Some(url.into());
        self
    }

    /// How token requests encode their parameters: a form (the default) or, as Notion wants, a
    /// JSON object (`Content-Type: application/json`). Client authentication is unchanged:
    /// with `client_secret_post` the id and secret are members of the object.
    pub fn token_body(mut self, body: TokenBody) -> Self {
        self.options.token_body = body;
        self
    }

    /// Sends the client id under this name instead of `client_id`, in the authorize URL and in
    /// token requests (TikTok's `client_key`).
    pub fn client_id_param(mut self, name: impl Into<String>) -> Self {
        self.options.client_id_param = Some(name.into());
        self
    }

    /// Whether the authorize URL carries `response_type=code` (on by default, as RFC 6749 asks).
    /// Turn it off only for a server that refuses it: monday.com's authorize endpoint is
    /// addressed without it.
    pub fn send_response_type(mut self, enabled: bool) -> Self {
        self.options.send_response_type = enabled;
        self
    }

    /// When the token response has no top-level `access_token`, reads the token fields from this
    /// nested object (a dotted path), keeping the top-level fields beside them: Slack answers a
    /// user-token grant with the token in `authed_user`, a bot-token grant at the top level.
    /// Exclusive with [`token_response_path`](Self::token_response_path).
    pub fn token_response_fallback_path(mut self, path: impl Into<String>) -> Self {
        self.options.token_response_fallback_path = Some(path.into());
        self
    }

    /// Requires this parameter on the authorization callback and keeps its value with the
    /// account's token (in [`Token::extra`](crate::Token::extra), through refreshes), for later
    /// API requests: QuickBooks' `realmId`, the company whose books were authorized. A callback
    /// without it fails the link.
    pub fn callback_value(mut self, name: impl Into<String>) -> Self {
        self.options.callback_values.push(name.into());
        self
    }

    /// Requires this field in the code-exchange's token response and keeps it with the account's
    /// token (in [`Token::extra`](crate::Token::extra), through refreshes that leave it out):
    /// Salesforce's `instance_url`, Pipedrive's `api_domain`, the host later requests go to. A
    /// response without it fails the link.
    pub fn token_value(mut self, name: impl Into<String>) -> Self {
        self.options.token_values.push(name.into());
        self
    }

    /// The revocation endpoint (RFC 7009): removing a linked account revokes its refresh token,
    /// then its access token, there, with the credential's client authentication. Checked like the
    /// other endpoints (and at compile time when it is a literal); may use the inputs' `{names}`.
    pub fn revocation_url(mut self, url: impl Into<String>) -> Self {
        self.options.revocation_url = Some(url.into());
        self
    }

    /// The device authorization endpoint (RFC 8628): accounts can then be linked on a host that
    /// cannot receive a browser callback, by showing the user a code to enter elsewhere.
    pub fn device_authorization_url(mut self, url: impl Into<String>) -> Self {
        self.options.device_authorization_url = Some(url.into());
        self
    }

    /// The dynamic client registration endpoint (RFC 7591), usually discovered from the server's
    /// metadata (`registration_endpoint`). Registering there also needs
    /// [`dynamic_registration`](Self::dynamic_registration).
    pub fn registration_url(mut self, url: impl Into<String>) -> Self {
        self.options.registration_url = Some(url.into());
        self
    }

    /// Allows appcreds to register a client itself at the server's registration endpoint
    /// (RFC 7591) instead of asking the user to bring one: a public client with PKCE, or a
    /// confidential one when the server requires it. Off by default.
    pub fn dynamic_registration(mut self) -> Self {
        self.options.dynamic_registration = true;
        self
    }

    /// Declares the per-account input `name`, which fills `{name}` in the authorize and token URL
    /// templates. Every value must match `pattern` (a regular expression, anchored at both ends)
    /// and may never contain `/`, `\`, `@`, `?`, `#`, `%`, whitespace, nor be `.`/`..`; a `{name}`
    /// may only appear in a URL's path or query, or as one whole label of the host name in front of
    /// a fixed domain (`https://{subdomain}.zendesk.com/..`), whose value must then be one DNS
    /// label. So no input can move the endpoints to another site.
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
    /// assert_eq!(linked.authorize_url().as_str(), "https://nestservices.google.com/partnerconnections/my-project/auth");
    /// assert!(nest.resolve([("project_id", "evil.example/x")]).is_err());
    /// ```
    pub fn input(mut self, name: impl Into<String>, pattern: impl Into<String>) -> Self {
        self.inputs
            .push(Input::template(name.into(), pattern.into()));
        self
    }

    /// The authorize endpoint as declared: a URL template while the server has inputs.
    pub fn authorize_url(&self) -> &str {
        &self.authorize_url
    }

    /// The token endpoint as declared: a URL template while the server has inputs.
    pub fn token_url(&self) -> &str {
        &self.token_url
    }

    /// The declared per-account inputs ([`input`](Self::input)), in declaration order.
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    /// Every problem of the declaration: endpoints and URL templates, extra parameters, client
    /// authentication, scopes, inputs and their patterns, the token-response path. Empty when the
    /// declaration is sound (a server with inputs still needs [`AuthorizationServer::resolve`]).
    pub fn problems(&self) -> Vec<ServerProblem> {
        check::problems(self)
    }

    /// Checks every endpoint and option, reporting all problems, and returns the server parsed.
    /// A server with inputs must be [resolved](AuthorizationServer::resolve) instead: its URLs
    /// are templates until then.
    pub fn validate(&self) -> Result<ValidServer, ServerError> {
        let mut problems = self.problems();
        if problems.is_empty() && !self.inputs.is_empty() {
            problems.push(ServerProblem::Unresolved {
                names: self.inputs.iter().map(|i| i.name().to_owned()).collect(),
            });
        }
        let optional = |url: &Option<String>| url.as_deref().map(endpoint::validate).transpose();
        match (
            endpoint::validate(&self.authorize_url),
            endpoint::validate(&self.token_url),
            optional(&self.options.refresh_url),
            optional(&self.options.revocation_url),
            optional(&self.options.device_authorization_url),
            optional(&self.options.registration_url),
        ) {
            (
                Ok(authorize_url),
                Ok(token_url),
                Ok(refresh),
                Ok(revocation),
                Ok(device),
                Ok(registration),
            ) if problems.is_empty() => Ok(ValidServer::new(
                authorize_url,
                token_url,
                OptionalEndpoints {
                    refresh,
                    revocation,
                    device,
                    registration,
                },
                self.options.clone(),
            )),
            _ => Err(ServerError { problems }),
        }
    }

    /// Fills the URL templates with one account's input values, each checked against its input's
    /// pattern and the characters no value may hold, and [validates](Self::validate) the result.
    /// A server without inputs resolves like it validates.
    pub fn resolve<'a>(
        &self,
        values: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<ValidServer, ServerError> {
        let problems = self.problems();
        if !problems.is_empty() {
            return Err(ServerError { problems });
        }
        let values: Vec<(&str, &str)> = values.into_iter().collect();
        let value = |name: &str| values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        let in_host = self.host_inputs();
        let problems: Vec<ServerProblem> = self
            .inputs
            .iter()
            .filter_map(|input| {
                let value = value(input.name());
                check_input_value(input, value)
                    .and_then(|()| match in_host.contains(&input.name()) {
                        true => template::check_host_label(input.name(), value.unwrap_or_default())
                            .map_err(ServerProblem::InputValue),
                        false => Ok(()),
                    })
                    .err()
            })
            .collect();
        if !problems.is_empty() {
            return Err(ServerError { problems });
        }
        let mut options = self.options.clone();
        for url in [
            &mut options.refresh_url,
            &mut options.revocation_url,
            &mut options.device_authorization_url,
            &mut options.registration_url,
        ] {
            *url = url.as_deref().map(|url| template::fill(url, value));
        }
        AuthorizationServer {
            authorize_url: template::fill(&self.authorize_url, value),
            token_url: template::fill(&self.token_url, value),
            options,
            inputs: Vec::new(),
        }
        .validate()
    }
}

impl AuthorizationServer {
    /// The names of the inputs that fill a label of an endpoint's host name.
    fn host_inputs(&self) -> Vec<&str> {
        let mut names = Vec::new();
        for url in self.endpoint_templates() {
            for variable in template::variables(url).unwrap_or_default() {
                if variable.in_host {
                    names.extend(
                        self.inputs
                            .iter()
                            .map(Input::name)
                            .find(|name| *name == variable.name),
                    );
                }
            }
        }
        names
    }

    /// Every endpoint URL as declared (templates while there are inputs).
    pub(crate) fn endpoint_templates(&self) -> Vec<&str> {
        let mut urls = vec![self.authorize_url.as_str(), self.token_url.as_str()];
        urls.extend(self.options.refresh_url.as_deref());
        urls
    }
}

/// One input's value against its pattern and the characters no value may hold.
fn check_input_value(input: &Input, value: Option<&str>) -> Result<(), ServerProblem> {
    let pattern = Pattern::new(input.pattern()).map_err(|error| ServerProblem::Pattern {
        name: input.name().to_owned(),
        error,
    })?;
    template::check_value(
        input.name(),
        value.unwrap_or_default(),
        input.pattern(),
        &pattern,
    )
    .map_err(ServerProblem::InputValue)
}

fn client_auth_name<S: serde::Serializer>(
    method: &ClientAuth,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(method.as_str())
}

fn is_true(value: &bool) -> bool {
    *value
}

fn is_form(body: &TokenBody) -> bool {
    *body == TokenBody::Form
}

fn token_body_name<S: serde::Serializer>(
    body: &TokenBody,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(body.as_str())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let server = AuthorizationServer::new("https://a.example/auth", "https://a.example/token")
            .validate()
            .unwrap();
        assert!(server.pkce());
        assert_eq!(server.client_auth(), ClientAuth::ClientSecretPost);
        assert_eq!(server.scope_param(), None);
        assert_eq!(server.scope_separator(), " ");
        assert!(!server.public_client());
    }

    #[test]
    fn scopes_join_with_the_separator() {
        let server = AuthorizationServer::new("https://a.example/a", "https://a.example/t")
            .scopes(["a", "b"])
            .scope_separator(",")
            .validate()
            .unwrap();
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
        let public = public.validate().unwrap();
        assert_eq!(public.client_auth(), ClientAuth::None);
        assert!(public.public_client());
        assert_eq!(public.token_response_path(), Some("body"));
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
        let in_host = AuthorizationServer::new("https://{tenant}.com/a", "https://example.com/t")
            .input("tenant", ".+")
            .problems();
        assert_eq!(in_host[0].code(), "url_template");
        let zendesk = AuthorizationServer::new(
            "https://{subdomain}.zendesk.com/oauth/authorizations/new",
            "https://{subdomain}.zendesk.com/oauth/tokens",
        )
        .input("subdomain", ".+");
        assert!(zendesk.problems().is_empty(), "{:?}", zendesk.problems());
        let acme = zendesk.resolve([("subdomain", "acme")]).unwrap();
        assert_eq!(acme.token_url().host_str(), Some("acme.zendesk.com"));
        for evil in ["evil.com", "evil.com:1", "a_b", "-a"] {
            let error = zendesk.resolve([("subdomain", evil)]).unwrap_err();
            assert_eq!(error.problems[0].code(), "invalid_input_value", "{evil:?}");
        }
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
            resolved.token_url().as_str(),
            "https://login.example.com/contoso.onmicrosoft.com/token"
        );
        assert_eq!(
            resolved.authorize_url().host_str(),
            Some("login.example.com")
        );
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
