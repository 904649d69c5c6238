//! [`ValidServer`]: a declaration that passed every rule, with its endpoints parsed.

use std::time::Duration;

use url::Url;

use super::{ClientAuth, Options, TokenBody};

/// An [`AuthorizationServer`](crate::AuthorizationServer) that passed
/// [`validate`](crate::AuthorizationServer::validate) (or was
/// [resolved](crate::AuthorizationServer::resolve) from its inputs): concrete, parsed endpoints
/// and every option, read through getters named like the builder's setters.
///
/// ```
/// use appcreds::{AuthorizationServer, ClientAuth};
///
/// let server = AuthorizationServer::new("https://www.fitbit.com/oauth2/authorize", "https://api.fitbit.com/oauth2/token")
///     .client_auth(ClientAuth::ClientSecretBasic)
///     .scopes(["activity", "heartrate"])
///     .validate()
///     .unwrap();
/// assert_eq!(server.token_url().host_str(), Some("api.fitbit.com"));
/// assert_eq!(server.client_auth(), ClientAuth::ClientSecretBasic);
/// assert_eq!(server.scopes(), ["activity", "heartrate"]);
/// assert_eq!(server.scope_param().as_deref(), Some("activity heartrate"));
/// assert!(server.pkce());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidServer {
    authorize_url: Url,
    token_url: Url,
    optional: OptionalEndpoints,
    options: Options,
}

/// The endpoints a server may have besides the two every server has, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct OptionalEndpoints {
    pub(super) refresh: Option<Url>,
    pub(super) revocation: Option<Url>,
    pub(super) device: Option<Url>,
    pub(super) registration: Option<Url>,
}

impl ValidServer {
    pub(super) fn new(
        authorize_url: Url,
        token_url: Url,
        optional: OptionalEndpoints,
        options: Options,
    ) -> ValidServer {
        ValidServer {
            authorize_url,
            token_url,
            optional,
            options,
        }
    }

    /// The revocation endpoint (RFC 7009), if the server has one.
    pub fn revocation_url(&self) -> Option<&Url> {
        self.optional.revocation.as_ref()
    }

    /// The device authorization endpoint (RFC 8628), if the server has one.
    pub fn device_authorization_url(&self) -> Option<&Url> {
        self.optional.device.as_ref()
    }

    /// The dynamic client registration endpoint (RFC 7591), if the server has one.
    pub fn registration_url(&self) -> Option<&Url> {
        self.optional.registration.as_ref()
    }

    /// Whether the integration allows registering a client at the registration endpoint.
    pub fn dynamic_registration(&self) -> bool {
        self.options.dynamic_registration
    }

    /// The authorize endpoint.
    pub fn authorize_url(&self) -> &Url {
        &self.authorize_url
    }

    /// The token endpoint, its query kept.
    pub fn token_url(&self) -> &Url {
        &self.token_url
    }

    /// Whether flows use PKCE (S256).
    pub fn pkce(&self) -> bool {
        self.options.pkce
    }

    /// How the client authenticates at the token endpoint; [`ClientAuth::None`] for a public
    /// client (validation refuses a public client with a secret-sending method).
    pub fn client_auth(&self) -> ClientAuth {
        self.options.client_auth
    }

    /// Whether the server was declared a public client: no secret is ever sent.
    pub fn public_client(&self) -> bool {
        self.options.public_client
    }

    /// The scopes requested in every flow.
    pub fn scopes(&self) -> &[String] {
        &self.options.scopes
    }

    /// What joins the scopes in the `scope` parameter.
    pub fn scope_separator(&self) -> &str {
        &self.options.scope_separator
    }

    /// The `scope` parameter: the scopes joined with the separator, or `None` without scopes.
    pub fn scope_param(&self) -> Option<String> {
        let scopes = &self.options.scopes;
        (!scopes.is_empty()).then(|| scopes.join(&self.options.scope_separator))
    }

    /// The extra authorize parameters, in declaration order.
    pub fn authorize_params(&self) -> &[(String, String)] {
        &self.options.authorize_params
    }

    /// The extra parameters of every token request, in declaration order.
    pub fn token_params(&self) -> &[(String, String)] {
        &self.options.token_params
    }

    /// The issuer identifier a callback's `iss` must equal (RFC 9207), as declared.
    pub fn issuer(&self) -> Option<&str> {
        self.options.issuer.as_deref()
    }

    /// Whether the server always sends `iss` in its authorization responses.
    pub fn iss_parameter_supported(&self) -> bool {
        self.options.iss_parameter_supported
    }

    /// How long before expiry tokens are refreshed, when the server overrides the engine's margin.
    pub fn refresh_margin(&self) -> Option<Duration> {
        self.options.refresh_margin
    }

    /// The object of the token response that holds the token fields (`body`, `data.token`).
    pub fn token_response_path(&self) -> Option<&str> {
        self.options.token_response_path.as_deref()
    }

    /// Whether refresh requests carry `redirect_uri` too.
    pub fn redirect_uri_on_refresh(&self) -> bool {
        self.options.redirect_uri_on_refresh
    }

    /// The endpoint refresh requests go to, when it is not the token endpoint.
    pub fn refresh_url(&self) -> Option<&Url> {
        self.optional.refresh.as_ref()
    }

    /// How token requests encode their parameters.
    pub fn token_body(&self) -> TokenBody {
        self.options.token_body
    }

    /// The name the client id is sent under: `client_id` unless renamed.
    pub fn client_id_param(&self) -> &str {
        self.options
            .client_id_param
            .as_deref()
            .unwrap_or("client_id")
    }

    /// Whether the authorize URL carries `response_type=code`.
    pub fn send_response_type(&self) -> bool {
        self.options.send_response_type
    }

    /// The object the token is read from when the response has no top-level `access_token`.
    pub fn token_response_fallback_path(&self) -> Option<&str> {
        self.options.token_response_fallback_path.as_deref()
    }

    /// The callback parameters kept with the account's token.
    pub fn callback_values(&self) -> &[String] {
        &self.options.callback_values
    }

    /// The token-response fields required at the code exchange and kept with the account's token.
    pub fn token_values(&self) -> &[String] {
        &self.options.token_values
    }
}
