//! [`MockProvider`]: a strict OAuth 2.0 authorization server on a loopback port, for end-to-end
//! tests of the engine (and later of flows, sessions and the browser).
//!
//! Strict where clients go wrong: it verifies PKCE S256, the exact redirect URI, the client's
//! authentication per the configured method (and refuses a secret sent both ways), codes are
//! single-use (a reused code revokes its grant), refresh tokens rotate and a reused one revokes the
//! whole grant. Failures can be injected one request at a time ([`Failure`]). Every request is
//! recorded ([`RecordedRequest`]) so tests assert on the wire. It publishes its RFC 8414 metadata at
//! `/.well-known/oauth-authorization-server` (for discovery; the issuer it names is configurable).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use appcreds_demo::{CodeRequest, GrantBook, GrantError, Issued};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use url::Url;

/// How the mock expects the client to authenticate at its token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockClientAuth {
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
    /// `Authorization: Basic` with form-urlencoded id and secret, no secret in the body.
    ClientSecretBasic,
    /// A public client: `client_id` in the body, no secret anywhere.
    None,
}

/// The mock's registered client and behaviour.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// The registered client id.
    pub client_id: String,
    /// The registered client secret (ignored for [`MockClientAuth::None`]).
    pub client_secret: String,
    /// The authentication method the token endpoint accepts.
    pub client_auth: MockClientAuth,
    /// The registered redirect URIs, compared byte for byte; empty accepts any.
    pub redirect_uris: Vec<String>,
    /// Whether the authorize endpoint requires an S256 `code_challenge`.
    pub require_pkce: bool,
    /// Whether the authorization response carries `iss` (RFC 9207).
    pub send_iss: bool,
    /// `expires_in` of issued access tokens; `None` sends none.
    pub access_token_lifetime: Option<u64>,
    /// Whether a refresh issues a new refresh token (and retires the old one). Without rotation
    /// the refresh response carries no `refresh_token`.
    pub rotate_refresh_tokens: bool,
    /// Wraps every successful token answer as `{"status": 0, NAME: {...token...}}` (Withings'
    /// `body`); errors stay at the top level.
    pub wrap_token_response: Option<String>,
    /// Form parameters every token request (exchange and refresh) must carry, such as Withings'
    /// `action=requesttoken`; a request without one is refused with `invalid_request`.
    pub required_token_params: Vec<(String, String)>,
    /// Whether refresh requests must carry the redirect URI of the grant's authorization (Geocaching).
    pub require_redirect_uri_on_refresh: bool,
    /// The raw query every token request must be posted with (Overkiz' `p=...`); `None` accepts any.
    pub token_query: Option<String>,
    /// The `issuer` its RFC 8414 metadata names; `None` names its own ([`MockProvider::issuer`]).
    pub metadata_issuer: Option<String>,
    /// Whether refreshes are served only at `/refresh` (Figma): the token endpoint then refuses
    /// `grant_type=refresh_token` and `/refresh` refuses everything else.
    pub separate_refresh_endpoint: bool,
    /// Whether token requests must be a JSON object (`application/json`, Notion) instead of a form.
    pub json_token_body: bool,
    /// The name of the client-id parameter in authorize and token requests (`client_key` for
    /// TikTok); a request that also sends `client_id` under its usual name is refused.
    pub client_id_param: String,
    /// Whether the authorize endpoint refuses a request that carries `response_type` (a server
    /// addressed without it, as monday.com's).
    pub refuse_response_type: bool,
    /// Extra parameters of every successful authorization response (QuickBooks' `realmId`).
    pub callback_params: Vec<(String, String)>,
    /// Extra fields of code-exchange answers only (Salesforce's `instance_url`): a refresh
    /// leaves them out, as such providers do.
    pub token_fields: Vec<(String, Value)>,
}

impl Default for MockConfig {
    /// Client `mock-client` / `mock secret:&+` (characters that need encoding), `client_secret_post`,
    /// any redirect URI, PKCE required, `iss` sent, one-hour tokens, rotation on, no wrapping, no
    /// required extra parameters or query, metadata naming its own issuer.
    fn default() -> Self {
        MockConfig {
            client_id: "mock-client".to_owned(),
            client_secret: "mock secret:&+".to_owned(),
            client_auth: MockClientAuth::ClientSecretPost,
            redirect_uris: Vec::new(),
            require_pkce: true,
            send_iss: true,
            access_token_lifetime: Some(3600),
            rotate_refresh_tokens: true,
            wrap_token_response: None,
            required_token_params: Vec::new(),
            require_redirect_uri_on_refresh: false,
            token_query: None,
            metadata_issuer: None,
            separate_refresh_endpoint: false,
            json_token_body: false,
            client_id_param: "client_id".to_owned(),
            refuse_response_type: false,
            callback_params: Vec::new(),
            token_fields: Vec::new(),
        }
    }
}

/// A failure the token endpoint produces for one request, in the order injected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// This status with a JSON error body (`invalid_grant` for 400, `invalid_client` for 401,
    /// `slow_down` for 429, `server_error` for 5xx); the grant is not touched.
    Status(u16),
    /// HTTP 200 with `{"error": "invalid_grant", ...}`.
    ErrorWith200,
    /// HTTP 200 with an HTML page.
    NonJson,
    /// HTTP 200 with a JSON object without `access_token`.
    MissingAccessToken,
    /// A valid grant answered with `expires_in` as a string.
    StringExpiresIn,
    /// A valid grant answered without `expires_in`.
    MissingExpiresIn,
    /// A valid grant answered without `token_type`.
    MissingTokenType,
    /// A valid grant answered after this delay.
    Slow(Duration),
    /// HTTP 307 to another path of the mock (which records it if a client follows).
    Redirect,
    /// HTTP 200 with a JSON body of this many bytes.
    Oversized(usize),
    /// HTTP 400 with this `error` (`authorization_pending`, `slow_down`, `access_denied`,
    /// `expired_token`, ...): the answers of a device flow's polls (RFC 8628 §3.5).
    OAuthError(&'static str),
    /// This status with this JSON body, as a hostile or broken provider would send it.
    Json(u16, Value),
}

/// One request the mock received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The raw query, if any.
    pub query: Option<String>,
    /// Every header, names lowercase, in order.
    pub headers: Vec<(String, String)>,
    /// The decoded form (body for POST, query for GET), in order.
    pub form: Vec<(String, String)>,
    /// The raw body.
    pub body: String,
}

impl RecordedRequest {
    /// The first value of this form (or query) parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The names of the form (or query) parameters, in order.
    pub fn param_names(&self) -> Vec<&str> {
        self.form.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The first value of this header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The subject of every grant the mock issues.
const MOCK_USER: &str = "mock-user";

/// A running mock provider. Dropping it stops the server.
pub struct MockProvider {
    base_url: Url,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
}

struct Shared {
    config: MockConfig,
    issuer: String,
    state: Mutex<ProviderState>,
}

/// The mock's state: the grant rules are `appcreds_demo::GrantBook`'s, shared with the demo
/// provider of `appcreds serve --demo`; the mock adds failure injection and recording.
#[derive(Default)]
struct ProviderState {
    book: GrantBook,
    failures: VecDeque<Failure>,
    deny_next: Option<String>,
    requests: Vec<RecordedRequest>,
}

/// An OAuth error answer: status, `error`, `error_description`.
struct OAuthError(StatusCode, &'static str, String);

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let OAuthError(status, error, description) = self;
        json_response(
            status,
            &json!({"error": error, "error_description": description}),
        )
    }
}

impl MockProvider {
    /// Starts the mock on a free loopback port.
    pub async fn start(config: MockConfig) -> std::io::Result<MockProvider> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address: SocketAddr = listener.local_addr()?;
        let base_url = Url::parse(&format!("http://{address}/"))
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let shared = Arc::new(Shared {
            config,
            issuer: format!("http://{address}"),
            state: Mutex::new(ProviderState::default()),
        });
        let router = Router::new()
            .route("/authorize", axum::routing::get(authorize))
            .route("/token", axum::routing::post(token))
            .route("/refresh", axum::routing::post(token))
            .route(
                "/.well-known/oauth-authorization-server",
                axum::routing::get(metadata),
            )
            .route(
                "/device_authorization",
                axum::routing::post(device_authorization),
            )
            .route("/tenants/{tenant}/authorize", axum::routing::get(authorize))
            .route("/tenants/{tenant}/token", axum::routing::post(token))
            .fallback(not_found)
            .with_state(Arc::clone(&shared));
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let server = axum::serve(listener, router).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            if let Err(error) = server.await {
                tracing::warn!("mock provider stopped: {error}");
            }
        });
        Ok(MockProvider {
            base_url,
            shared,
            shutdown: Some(shutdown),
        })
    }

    /// The device authorization endpoint (RFC 8628).
    pub fn device_authorization_url(&self) -> String {
        format!("{}/device_authorization", self.shared.issuer)
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The authorize endpoint.
    pub fn authorize_url(&self) -> String {
        format!("{}authorize", self.base_url)
    }

    /// The token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}token", self.base_url)
    }

    /// A URL template of the authorize endpoint under `/tenants/{name}/`, for servers whose URLs
    /// take a per-account input (the mock serves every tenant alike and records the path).
    pub fn tenant_authorize_url(&self, name: &str) -> String {
        format!("{}tenants/{{{name}}}/authorize", self.base_url)
    }

    /// The token endpoint template under `/tenants/{name}/`, see [`MockProvider::tenant_authorize_url`].
    pub fn tenant_token_url(&self, name: &str) -> String {
        format!("{}tenants/{{{name}}}/token", self.base_url)
    }

    /// The issuer sent as `iss`: `http://127.0.0.1:PORT`.
    pub fn issuer(&self) -> &str {
        &self.shared.issuer
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &MockConfig {
        &self.shared.config
    }

    /// Makes the next token request (after those already injected) fail this way.
    pub fn inject(&self, failure: Failure) {
        self.state().failures.push_back(failure);
    }

    /// Makes the next authorization answer with this `error` (such as `access_denied`).
    pub fn deny_next_authorization(&self, error: &str) {
        self.state().deny_next = Some(error.to_owned());
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests.clone()
    }

    /// The requests to the token endpoint (`/token` or a tenant's `/tenants/{tenant}/token`), in
    /// order.
    pub fn token_requests(&self) -> Vec<RecordedRequest> {
        self.state()
            .requests
            .iter()
            .filter(|r| {
                r.path == "/token"
                    || r.path == "/refresh"
                    || (r.path.starts_with("/tenants/") && r.path.ends_with("/token"))
            })
            .cloned()
            .collect()
    }

    /// The requests to this path, in order.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        self.state()
            .requests
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// The last request to the token endpoint.
    pub fn last_token_request(&self) -> Option<RecordedRequest> {
        self.token_requests().pop()
    }

    /// How many refreshes succeeded.
    pub fn refresh_count(&self) -> u64 {
        self.state().book.refresh_count()
    }

    /// How many grants were revoked (reused code or reused refresh token).
    pub fn revoked_grants(&self) -> usize {
        self.state().book.revoked_grants()
    }

    /// How many grants are alive.
    pub fn active_grants(&self) -> usize {
        self.state().book.active_grants()
    }

    /// Requests the authorize URL like a browser whose user consents at once, without following
    /// the answer: returns the `Location` the provider sends the browser to (the redirect URI with
    /// `code`, `state` and `iss`, or with `error`).
    pub async fn authorize(&self, authorize_url: &Url) -> Result<Url, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        let response = client
            .get(authorize_url.clone())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        match location {
            Some(location) if status.is_redirection() => {
                Url::parse(&location).map_err(|e| e.to_string())
            }
            _ => Err(format!(
                "the authorize endpoint answered HTTP {status}: {}",
                response.text().await.unwrap_or_default()
            )),
        }
    }

    fn state(&self) -> MutexGuard<'_, ProviderState> {
        self.shared.lock()
    }
}

impl Drop for MockProvider {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, ProviderState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn record(&self, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) {
        let form_source = if body.is_empty() {
            uri.query().unwrap_or_default().as_bytes()
        } else {
            body
        };
        let request = RecordedRequest {
            method: method.to_string(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
            headers: headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            // A JSON body (`MockConfig::json_token_body`) is recorded as its members.
            form: json_params(body).unwrap_or_else(|| {
                url::form_urlencoded::parse(form_source)
                    .into_owned()
                    .collect()
            }),
            body: String::from_utf8_lossy(body).into_owned(),
        };
        self.lock().requests.push(request);
    }
}

/// RFC 8414 metadata: its endpoints, PKCE S256, the configured client authentication, and its
/// issuer (or [`MockConfig::metadata_issuer`]).
async fn metadata(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    shared.record(&method, &uri, &headers, &[]);
    let config = &shared.config;
    let auth = match config.client_auth {
        MockClientAuth::ClientSecretPost => "client_secret_post",
        MockClientAuth::ClientSecretBasic => "client_secret_basic",
        MockClientAuth::None => "none",
    };
    let issuer = config.metadata_issuer.as_deref().unwrap_or(&shared.issuer);
    json_response(
        StatusCode::OK,
        &json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{}/authorize", shared.issuer),
            "token_endpoint": format!("{}/token", shared.issuer),
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": [auth],
        }),
    )
}

async fn not_found(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    shared.record(&method, &uri, &headers, &body);
    (StatusCode::NOT_FOUND, "not found").into_response()
}

async fn authorize(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    shared.record(&method, &uri, &headers, &[]);
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    match authorization_redirect(&shared, &query) {
        Ok(location) => (
            StatusCode::FOUND,
            [(header::LOCATION, location.to_string())],
        )
            .into_response(),
        Err(reason) => (StatusCode::BAD_REQUEST, reason).into_response(),
    }
}

/// Where the browser goes after the authorize request, or why the request is refused outright
/// (bad client or redirect URI: never redirect to an unverified URI).
fn authorization_redirect(shared: &Shared, query: &[(String, String)]) -> Result<Url, String> {
    let config = &shared.config;
    let once = |name: &str| -> Result<Option<&str>, String> {
        let mut values = query.iter().filter(|(n, _)| n == name);
        let first = values.next().map(|(_, v)| v.as_str());
        match values.next() {
            Some(_) => Err(format!("`{name}` given twice")),
            None => Ok(first),
        }
    };
    if once(&config.client_id_param)? != Some(config.client_id.as_str()) {
        return Err(format!("unknown `{}`", config.client_id_param));
    }
    if config.client_id_param != "client_id" && once("client_id")?.is_some() {
        return Err("`client_id` sent under its usual name".into());
    }
    let redirect_uri = once("redirect_uri")?.ok_or("missing redirect_uri")?;
    if !config.redirect_uris.is_empty() && !config.redirect_uris.iter().any(|r| r == redirect_uri) {
        return Err("redirect_uri is not registered".into());
    }
    let mut location = Url::parse(redirect_uri).map_err(|e| format!("bad redirect_uri: {e}"))?;
    let state = once("state")?.ok_or("missing state")?.to_owned();
    let outcome = (|| -> Result<(&'static str, String), &'static str> {
        let response_type = once("response_type").ok().flatten();
        if config.refuse_response_type {
            if response_type.is_some() {
                return Err("invalid_request");
            }
        } else if response_type != Some("code") {
            return Err("unsupported_response_type");
        }
        let challenge = once("code_challenge").map_err(|_| "invalid_request")?;
        let method = once("code_challenge_method").map_err(|_| "invalid_request")?;
        match (challenge, method) {
            (Some(_), Some("S256")) => {}
            (None, None) if !config.require_pkce => {}
            _ => return Err("invalid_request"),
        }
        let mut state = shared.lock();
        if let Some(error) = state.deny_next.take() {
            return Ok(("error", error));
        }
        let code = state.book.issue_code(
            CodeRequest {
                redirect_uri: redirect_uri.to_owned(),
                challenge: challenge.map(str::to_owned),
                scope: once("scope").ok().flatten().map(str::to_owned),
                subject: MOCK_USER.to_owned(),
            },
            now(),
        );
        Ok(("code", code))
    })();
    let mut answer: Vec<(&str, String)> = vec![match outcome {
        Ok(pair) => pair,
        Err(error) => ("error", error.to_owned()),
    }];
    answer.push(("state", state));
    if answer[0].0 == "code" {
        answer.extend(
            config
                .callback_params
                .iter()
                .map(|(n, v)| (n.as_str(), v.clone())),
        );
    }
    if config.send_iss {
        answer.push(("iss", shared.issuer.clone()));
    }
    location
        .query_pairs_mut()
        .extend_pairs(answer.iter().map(|(n, v)| (*n, v.as_str())));
    Ok(location)
}

async fn token(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    shared.record(&method, &uri, &headers, &body);
    let failure = shared.lock().failures.pop_front();
    let shape = match failure {
        None => None,
        Some(Failure::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            None
        }
        Some(
            shape @ (Failure::StringExpiresIn
            | Failure::MissingExpiresIn
            | Failure::MissingTokenType),
        ) => Some(shape),
        Some(failure) => return failure_response(&failure),
    };
    let form = match token_params(&shared.config, &headers, &body) {
        Ok(form) => form,
        Err(error) => return error.into_response(),
    };
    if let Err(error) = check_quirks(&shared.config, &uri, &form) {
        return error.into_response();
    }
    if form
        .iter()
        .any(|(n, v)| n == "grant_type" && v == DEVICE_CODE_GRANT)
    {
        return device_token(&form);
    }
    match grant_tokens(&shared, &headers, &form) {
        Ok(mut answer) => {
            if let (Some(shape), Value::Object(fields)) = (&shape, &mut answer) {
                match shape {
                    Failure::StringExpiresIn => {
                        if let Some(lifetime) = fields.get("expires_in").cloned() {
                            fields.insert("expires_in".into(), Value::String(lifetime.to_string()));
                        }
                    }
                    Failure::MissingExpiresIn => {
                        fields.remove("expires_in");
                    }
                    _ => {
                        fields.remove("token_type");
                    }
                }
            }
            if let Some(name) = &shared.config.wrap_token_response {
                answer = json!({"status": 0, name.as_str(): answer});
            }
            json_response(StatusCode::OK, &answer)
        }
        Err(error) => error.into_response(),
    }
}

/// The parameters of a token request in the encoding the mock demands: a form, or a JSON object
/// of strings ([`MockConfig::json_token_body`]), each announced by its `Content-Type`.
fn token_params(
    config: &MockConfig,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<(String, String)>, OAuthError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let wanted = match config.json_token_body {
        true => "application/json",
        false => "application/x-www-form-urlencoded",
    };
    if !content_type.starts_with(wanted) {
        return Err(bad_request(
            "invalid_request",
            format!("the body must be {wanted}"),
        ));
    }
    if !config.json_token_body {
        return Ok(url::form_urlencoded::parse(body).into_owned().collect());
    }
    json_params(body).ok_or_else(|| {
        bad_request(
            "invalid_request",
            "the body is not a JSON object of strings",
        )
    })
}

fn json_params(body: &[u8]) -> Option<Vec<(String, String)>> {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    object
        .into_iter()
        .map(|(name, value)| match value {
            Value::String(text) => Some((name, text)),
            _ => None,
        })
        .collect()
}

/// The grant type of device-code polls (RFC 8628 §3.4).
const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The device code the mock hands out (its polls answer what was injected, then a token).
pub const MOCK_DEVICE_CODE: &str = "mock-device-code";

/// The user code the mock hands out.
pub const MOCK_USER_CODE: &str = "MOCK-CODE";

/// `POST /device_authorization` (RFC 8628 §3.2): a device code with a one-second interval.
async fn device_authorization(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    shared.record(&method, &uri, &headers, &body);
    json_response(
        StatusCode::OK,
        &json!({
            "device_code": MOCK_DEVICE_CODE,
            "user_code": MOCK_USER_CODE,
            "verification_uri": format!("{}/device", shared.issuer),
            "verification_uri_complete": format!("{}/device?user_code={MOCK_USER_CODE}", shared.issuer),
            "expires_in": 600,
            "interval": 1,
        }),
    )
}

/// A device-code poll that got past the injected answers: the token, for the mock's device code.
fn device_token(form: &[(String, String)]) -> Response {
    if !form
        .iter()
        .any(|(n, v)| n == "device_code" && v == MOCK_DEVICE_CODE)
    {
        return OAuthError(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "unknown device code".into(),
        )
        .into_response();
    }
    json_response(
        StatusCode::OK,
        &json!({"access_token": "mock-device-at", "token_type": "Bearer", "expires_in": 3600,
                "refresh_token": "mock-device-rt"}),
    )
}

/// The provider-specific demands on every token request: the endpoint's query, the endpoint a
/// grant type is served at, the client-id parameter's name and extra parameters.
fn check_quirks(
    config: &MockConfig,
    uri: &Uri,
    form: &[(String, String)],
) -> Result<(), OAuthError> {
    let refreshing = form
        .iter()
        .any(|(n, v)| n == "grant_type" && v == "refresh_token");
    if config.separate_refresh_endpoint && refreshing != (uri.path() == "/refresh") {
        return Err(bad_request(
            "unsupported_grant_type",
            "refreshes are served at /refresh only, and only refreshes",
        ));
    }
    if config.client_id_param != "client_id" && form.iter().any(|(n, _)| n == "client_id") {
        return Err(bad_request(
            "invalid_request",
            "`client_id` sent under its usual name",
        ));
    }
    if let Some(expected) = &config.token_query
        && uri.query() != Some(expected.as_str())
    {
        return Err(bad_request(
            "invalid_request",
            "the token endpoint's query is missing",
        ));
    }
    for (name, value) in &config.required_token_params {
        if !form.iter().any(|(n, v)| n == name && v == value) {
            return Err(bad_request(
                "invalid_request",
                format!("`{name}={value}` is required"),
            ));
        }
    }
    Ok(())
}

fn failure_response(failure: &Failure) -> Response {
    match failure {
        Failure::Status(status) => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let error = match status.as_u16() {
                400 => "invalid_grant",
                401 => "invalid_client",
                429 => "slow_down",
                500..=599 => "server_error",
                _ => "invalid_request",
            };
            OAuthError(status, error, "injected failure".into()).into_response()
        }
        Failure::ErrorWith200 => OAuthError(
            StatusCode::OK,
            "invalid_grant",
            "The code passed is incorrect or expired.".into(),
        )
        .into_response(),
        Failure::NonJson => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body>access_token=leaked-in-html</body></html>",
        )
            .into_response(),
        Failure::MissingAccessToken => json_response(
            StatusCode::OK,
            &json!({"token_type": "Bearer", "expires_in": 3600, "refresh_token": "rt-orphan"}),
        ),
        Failure::Redirect => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, "/elsewhere")],
        )
            .into_response(),
        Failure::OAuthError(error) => {
            OAuthError(StatusCode::BAD_REQUEST, error, "injected answer".into()).into_response()
        }
        Failure::Oversized(bytes) => json_response(
            StatusCode::OK,
            &json!({"access_token": "at-big", "padding": "x".repeat(*bytes)}),
        ),
        Failure::Json(status, body) => json_response(
            StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body,
        ),
        Failure::Slow(_)
        | Failure::StringExpiresIn
        | Failure::MissingExpiresIn
        | Failure::MissingTokenType => OAuthError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "this failure shapes a successful answer".into(),
        )
        .into_response(),
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

fn bad_request(error: &'static str, description: impl Into<String>) -> OAuthError {
    OAuthError(StatusCode::BAD_REQUEST, error, description.into())
}

fn invalid_client(description: impl Into<String>) -> OAuthError {
    OAuthError(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        description.into(),
    )
}

/// Checks the client, then the grant, and issues tokens.
fn grant_tokens(
    shared: &Shared,
    headers: &HeaderMap,
    form: &[(String, String)],
) -> Result<Value, OAuthError> {
    let param = |name: &str| -> Result<Option<&str>, OAuthError> {
        let mut values = form.iter().filter(|(n, _)| n == name);
        let first = values.next().map(|(_, v)| v.as_str());
        match values.next() {
            Some(_) => Err(bad_request(
                "invalid_request",
                format!("`{name}` given twice"),
            )),
            None => Ok(first),
        }
    };
    authenticate_client(
        &shared.config,
        headers,
        param(&shared.config.client_id_param)?,
        param("client_secret")?,
    )?;
    match param("grant_type")? {
        Some("authorization_code") => exchange_code(
            shared,
            param("code")?.unwrap_or_default(),
            param("redirect_uri")?,
            param("code_verifier")?,
        ),
        Some("refresh_token") => refresh(
            shared,
            param("refresh_token")?.unwrap_or_default(),
            param("redirect_uri")?,
        ),
        _ => Err(bad_request(
            "unsupported_grant_type",
            "unsupported grant_type",
        )),
    }
}

fn authenticate_client(
    config: &MockConfig,
    headers: &HeaderMap,
    body_id: Option<&str>,
    body_secret: Option<&str>,
) -> Result<(), OAuthError> {
    let basic = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(value) => Some(basic_credentials(value.to_str().unwrap_or_default())?),
    };
    if basic.is_some() && body_secret.is_some() {
        return Err(bad_request(
            "invalid_request",
            "the client authenticated with more than one method",
        ));
    }
    if body_id.is_some_and(|id| id != config.client_id) {
        return Err(invalid_client("unknown client_id"));
    }
    let (id, secret) = match (config.client_auth, basic, body_secret) {
        (MockClientAuth::ClientSecretBasic, Some((id, secret)), None) => (Some(id), Some(secret)),
        (MockClientAuth::ClientSecretBasic, None, _) => {
            return Err(invalid_client("client_secret_basic expected"));
        }
        (MockClientAuth::ClientSecretPost, None, Some(secret)) => {
            (body_id.map(str::to_owned), Some(secret.to_owned()))
        }
        (MockClientAuth::ClientSecretPost, _, _) => {
            return Err(invalid_client("client_secret_post expected"));
        }
        (MockClientAuth::None, None, None) => (body_id.map(str::to_owned), None),
        (MockClientAuth::None, _, _) => {
            return Err(invalid_client("a public client sends no secret"));
        }
        (MockClientAuth::ClientSecretBasic, Some(_), Some(_)) => {
            return Err(bad_request("invalid_request", "two client authentications"));
        }
    };
    if id.as_deref() != Some(config.client_id.as_str()) {
        return Err(invalid_client("client_id missing or unknown"));
    }
    if config.client_auth != MockClientAuth::None
        && secret.as_deref() != Some(config.client_secret.as_str())
    {
        return Err(invalid_client("wrong client secret"));
    }
    Ok(())
}

/// `Basic base64(urlencode(id) ":" urlencode(secret))` (RFC 6749 §2.3.1) into id and secret.
fn basic_credentials(header: &str) -> Result<(String, String), OAuthError> {
    let refused = || invalid_client("malformed Basic authorization");
    let encoded = header.strip_prefix("Basic ").ok_or_else(refused)?;
    let decoded = STANDARD.decode(encoded).map_err(|_| refused())?;
    let pair = String::from_utf8(decoded).map_err(|_| refused())?;
    let (id, secret) = pair.split_once(':').ok_or_else(refused)?;
    let form_decode = |part: &str| -> Result<String, OAuthError> {
        if part.contains(['&', '=', ':']) {
            return Err(invalid_client("Basic credentials are not form-urlencoded"));
        }
        Ok(url::form_urlencoded::parse(part.as_bytes())
            .next()
            .map(|(k, _)| k.into_owned())
            .unwrap_or_default())
    };
    Ok((form_decode(id)?, form_decode(secret)?))
}

fn grant_error(error: &GrantError) -> OAuthError {
    bad_request(error.oauth_error(), error.to_string())
}

fn exchange_code(
    shared: &Shared,
    code: &str,
    redirect_uri: Option<&str>,
    verifier: Option<&str>,
) -> Result<Value, OAuthError> {
    let config = &shared.config;
    let issued = shared
        .lock()
        .book
        .exchange(
            code,
            redirect_uri,
            verifier,
            config.access_token_lifetime,
            now(),
        )
        .map_err(|e| grant_error(&e))?;
    let mut answer = token_answer(config, &issued);
    if let Value::Object(fields) = &mut answer {
        fields.extend(config.token_fields.iter().cloned());
    }
    Ok(answer)
}

fn refresh(
    shared: &Shared,
    refresh_token: &str,
    redirect_uri: Option<&str>,
) -> Result<Value, OAuthError> {
    let config = &shared.config;
    let mut state = shared.lock();
    if config.require_redirect_uri_on_refresh
        && let Some(granted) = state.book.redirect_uri_of(refresh_token)
        && redirect_uri != Some(granted)
    {
        return Err(bad_request(
            "invalid_request",
            "redirect_uri is mandatory on refresh and must be the grant's",
        ));
    }
    let issued = state
        .book
        .refresh(
            refresh_token,
            config.rotate_refresh_tokens,
            config.access_token_lifetime,
            now(),
        )
        .map_err(|e| grant_error(&e))?;
    Ok(token_answer(config, &issued))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn token_answer(config: &MockConfig, issued: &Issued) -> Value {
    let mut answer = json!({"access_token": issued.access_token, "token_type": "Bearer"});
    if let Value::Object(fields) = &mut answer {
        if let Some(lifetime) = config.access_token_lifetime {
            fields.insert("expires_in".into(), lifetime.into());
        }
        if let Some(refresh_token) = &issued.refresh_token {
            fields.insert("refresh_token".into(), refresh_token.clone().into());
        }
        if let Some(scope) = &issued.scope {
            fields.insert("scope".into(), scope.clone().into());
        }
    }
    answer
}
