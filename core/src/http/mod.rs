//! The HTTP API, the OAuth callback and the web page (feature `http`): an axum [`Router`] a host
//! mounts, or that `appcreds serve` runs.
//!
//! ```no_run
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let app = appcreds::App::builder().data_dir("./data").build().await?;
//! let admin = appcreds::http::AdminToken::load_or_create("./data".as_ref())?;
//! let router = appcreds::http::router(app, appcreds::http::HttpConfig::new(admin));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8123").await?;
//! // The client address limits wrong logins per address.
//! let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
//! axum::serve(listener, service).await?;
//! # Ok(()) }
//! ```
//!
//! Routes, JSON shapes and error codes are DESIGN §6; decisions are in `docs/http.md`.

mod admin_token;
pub mod api;
mod auth;
mod callback;
mod error;
mod json;
mod login_limit;
mod openapi;
mod security;
mod served_contract;
pub(crate) mod ui;

use axum::Router;
use axum::extract::DefaultBodyLimit;

pub use admin_token::{ADMIN_TOKEN_FILE, AdminToken, AdminTokenError};
pub use error::ApiError;
pub use openapi::openapi;

use crate::App;

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How the router authenticates and what it tells browsers.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    admin_token: AdminToken,
    secure_cookies: bool,
    command_args: String,
    standalone: bool,
}

impl HttpConfig {
    /// Authenticates `/api` with `admin_token` (Bearer) and the page with cookies derived from it.
    pub fn new(admin_token: AdminToken) -> HttpConfig {
        HttpConfig {
            admin_token,
            secure_cookies: false,
            command_args: String::new(),
            standalone: false,
        }
    }

    /// The arguments the `appcreds` command line needs to reach this data (such as
    /// `--data-dir /srv/appcreds`), shown after `appcreds token ID` on the page.
    pub fn command_args(mut self, args: impl Into<String>) -> HttpConfig {
        self.command_args = args.into();
        self
    }

    /// Marks cookies `Secure` (set it when the external URL is `https`).
    pub fn secure_cookies(mut self, secure: bool) -> HttpConfig {
        self.secure_cookies = secure;
        self
    }
}

/// What every handler gets.
#[derive(Clone)]
pub(crate) struct HttpState {
    pub(crate) app: App,
    pub(crate) config: HttpConfig,
    /// Wrong admin tokens per client address (this router's process).
    pub(crate) login_limiter: std::sync::Arc<login_limit::LoginLimiter>,
    /// `/api/openapi.json` as served, built on the first request and kept for the router's life
    /// (the linked integrations do not change while it runs).
    pub(crate) openapi_json: std::sync::Arc<tokio::sync::OnceCell<axum::body::Bytes>>,
}

/// Only the OAuth callback and its result pages (plus the page's static assets): what
/// `appcreds link` serves on the external URL's port while it waits for the provider.
pub fn callback_router(app: App) -> Router {
    let throwaway = AdminToken::new(secrecy::SecretString::from(base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        crate::random::random_bytes::<32>(),
    )));
    let mut config = HttpConfig::new(throwaway);
    config.standalone = true;
    let state = HttpState {
        app,
        config,
        login_limiter: Default::default(),
        openapi_json: Default::default(),
    };
    Router::new()
        .merge(callback::routes())
        .merge(ui::public_routes())
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(error::api_errors_as_json))
        .layer(axum::middleware::from_fn(security::headers))
}

/// The whole router: `/api/...` (Bearer or page session + CSRF), the callback, the page.
///
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()` so that logins are limited
/// per client address; without it, all clients share one allowance of wrong admin tokens.
pub fn router(app: App, config: HttpConfig) -> Router {
    let secure = config.secure_cookies || app.context().external_url().scheme() == "https";
    let state = HttpState {
        app,
        config: config.secure_cookies(secure),
        login_limiter: Default::default(),
        openapi_json: Default::default(),
    };
    let protected = api::routes().merge(ui::protected_routes()).route_layer(
        axum::middleware::from_fn_with_state(state.clone(), auth::require_auth),
    );
    Router::new()
        .merge(protected)
        .merge(ui::public_routes())
        .merge(callback::routes())
        .fallback(error::no_route)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(error::api_errors_as_json))
        .layer(axum::middleware::from_fn(security::headers))
}
