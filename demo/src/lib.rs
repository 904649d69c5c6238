//! **A local OAuth 2.0 provider and the `demo` integration**, for `appcreds serve --demo` and the
//! test suite: login and consent pages, PKCE S256 required, the exact redirect URI, single-use codes, refresh-token
//! rotation with reuse detection — so a machine with no internet and no account anywhere can go
//! through add credential → link → token → refresh. Its rules live in [`GrantBook`], which the
//! test suite's strict mock provider uses too.

mod grants;
mod integration;
mod pages;
mod provider;
mod state_file;
mod token_endpoint;

pub use grants::{CODE_LIFETIME_SECS, CodeRequest, GrantBook, GrantError, Issued, pkce_matches};
pub use provider::{DemoConfig, DemoProvider};
pub use state_file::SAVE_INTERVAL;

/// The demo integration's domain.
pub const DOMAIN: &str = "demo";
/// The demo client's id: what the user enters as the application credential's client ID.
pub const CLIENT_ID: &str = "appcreds-demo";
/// The demo client's secret (a demo: it is shown on the page on purpose).
pub const CLIENT_SECRET: &str = "demo-secret";
/// The demo user's name and password on the provider's login page.
pub const USER: (&str, &str) = ("demo", "demo");
/// Where the provider is mounted, under the external URL.
pub const BASE_PATH: &str = "/demo/oauth";

/// The provider's authorize endpoint for an application reached at `external_url`.
pub fn authorize_url(external_url: &url::Url) -> String {
    format!("{}{}/authorize", origin(external_url), BASE_PATH)
}

/// The provider's token endpoint.
pub fn token_url(external_url: &url::Url) -> String {
    format!("{}{}/token", origin(external_url), BASE_PATH)
}

/// The provider's issuer (RFC 9207 `iss`).
pub fn issuer(external_url: &url::Url) -> String {
    format!("{}{}", origin(external_url), BASE_PATH)
}

fn origin(url: &url::Url) -> String {
    url.as_str().trim_end_matches('/').to_owned()
}

/// Seconds since the Unix epoch.
fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

/// `N` bytes from the operating system's generator.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // Without an operating-system generator nothing here can be secret: stop rather than hand
    // out guessable codes.
    if let Err(error) = getrandom::getrandom(&mut bytes) {
        panic!("the operating system's random generator failed: {error}");
    }
    bytes
}
