//! [`OidcProvider`]: panva's `oidc-provider` (pinned in `tests/interop/package.json`) run as a
//! child process on a free loopback port, with the configuration of `tests/interop/provider.mjs`,
//! and a browser stand-in that drives its authorization endpoint over plain HTTP.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use url::Url;

/// The client id registered in the provider.
pub const CLIENT_ID: &str = "appcreds-interop";

/// The client secret registered in the provider: it needs form-urlencoding in a Basic header.
pub const CLIENT_SECRET: &str = "interop s3cret:&+/=";

/// The `login_hint` that makes the test user refuse consent.
pub const REFUSING_USER: &str = "refuse";

/// How to install the provider, as `.ci/run` does.
pub const INSTALL: &str = "npm ci --prefix tests/interop";

/// A running `oidc-provider`. Dropping it kills the child process (by its PID).
pub struct OidcProvider {
    child: Child,
    issuer: String,
}

impl OidcProvider {
    /// `tests/interop`.
    pub fn directory() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("interop")
    }

    /// Whether `npm ci --prefix tests/interop` has been run.
    pub fn installed() -> bool {
        Self::directory()
            .join("node_modules/oidc-provider/package.json")
            .is_file()
    }

    /// Starts the provider with [`CLIENT_ID`] / [`CLIENT_SECRET`] registered for `redirect_uri`,
    /// and waits until it answers its discovery document.
    pub async fn start(redirect_uri: &str) -> Result<OidcProvider, String> {
        Self::start_with(redirect_uri, &[]).await
    }

    /// [`start`](Self::start) with more options of `provider.mjs` (`--device-code-ttl 3`, ...).
    pub async fn start_with(redirect_uri: &str, options: &[&str]) -> Result<OidcProvider, String> {
        let port = free_port()?;
        let child = Command::new("node")
            .current_dir(Self::directory())
            .args(["provider.mjs", "--port", &port.to_string()])
            .args(["--redirect-uri", redirect_uri])
            .args(["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET])
            .args(options)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("could not start `node provider.mjs`: {e}"))?;
        let mut provider = OidcProvider {
            child,
            issuer: format!("http://127.0.0.1:{port}"),
        };
        provider.wait_until_ready().await?;
        Ok(provider)
    }

    async fn wait_until_ready(&mut self) -> Result<(), String> {
        let discovery = format!("{}/.well-known/openid-configuration", self.issuer);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(response) = reqwest::get(&discovery).await
                && response.status().is_success()
            {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("oidc-provider exited early: {status}"));
            }
            if Instant::now() > deadline {
                return Err("oidc-provider did not answer within 30 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The issuer: `http://127.0.0.1:PORT`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The authorization endpoint.
    pub fn authorize_url(&self) -> String {
        format!("{}/auth", self.issuer)
    }

    /// The token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}/token", self.issuer)
    }

    /// The revocation endpoint (RFC 7009).
    pub fn revocation_url(&self) -> String {
        format!("{}/token/revocation", self.issuer)
    }

    /// The device authorization endpoint (RFC 8628).
    pub fn device_authorization_url(&self) -> String {
        format!("{}/device/auth", self.issuer)
    }

    /// Whether the provider says `token` is active (RFC 7662 introspection, as the static client).
    pub async fn introspect(&self, token: &str) -> Result<bool, String> {
        let response = reqwest::Client::new()
            .post(format!("{}/token/introspection", self.issuer))
            .basic_auth(form_encode(CLIENT_ID), Some(form_encode(CLIENT_SECRET)))
            .form(&[("token", token)])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let body: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
        body["active"]
            .as_bool()
            .ok_or_else(|| format!("no `active` in the introspection answer: {body}"))
    }

    /// The status of the userinfo endpoint called with `access_token`.
    pub async fn userinfo_status(&self, access_token: &str) -> Result<u16, String> {
        let response = reqwest::Client::new()
            .get(format!("{}/me", self.issuer))
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(response.status().as_u16())
    }

    /// The process id of the child.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Starts the provider for `redirect_uri`, or says why not (see [`crate::components::missing`])
    /// and returns `None` when it is not installed.
    pub async fn start_or_skip(test: &str, redirect_uri: &str) -> Option<OidcProvider> {
        Self::start_with_or_skip(test, redirect_uri, &[]).await
    }

    /// [`start_or_skip`](Self::start_or_skip) with more options of `provider.mjs`.
    pub async fn start_with_or_skip(
        test: &str,
        redirect_uri: &str,
        options: &[&str],
    ) -> Option<OidcProvider> {
        if !OidcProvider::installed() {
            crate::components::missing(
                test,
                "panva's oidc-provider (tests/interop/node_modules)",
                INSTALL,
            );
            return None;
        }
        Some(
            OidcProvider::start_with(redirect_uri, options)
                .await
                .expect("oidc-provider starts"),
        )
    }

    /// Plays the browser: requests `authorize_url`, follows the provider's redirects (with its
    /// cookies) through the login and consent interaction, and returns the URL the provider finally
    /// sends the browser to under `redirect_uri`, without requesting it.
    pub async fn authorize(&self, authorize_url: &Url, redirect_uri: &str) -> Result<Url, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        let mut cookies = BTreeMap::new();
        let mut url = authorize_url.clone();
        for _ in 0..10 {
            let (status, location, body) = send(client.get(url.clone()), &mut cookies).await?;
            let Some(location) = location.filter(|_| status.is_redirection()) else {
                return Err(format!("{url} answered HTTP {status}: {body}"));
            };
            url = url.join(&location).map_err(|e| e.to_string())?;
            if url.as_str().starts_with(redirect_uri) {
                return Ok(url);
            }
        }
        Err("more than 10 redirects without reaching the redirect URI".into())
    }

    /// Plays the user of a device flow (RFC 8628) on another device: opens the verification page,
    /// enters `user_code`, then confirms (`approve`, going through login and consent as the
    /// default test user) or aborts. `Ok` once the provider showed its last page.
    pub async fn enter_user_code(&self, user_code: &str, approve: bool) -> Result<(), String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        let mut cookies = BTreeMap::new();
        let device = Url::parse(&format!("{}/device", self.issuer)).map_err(|e| e.to_string())?;
        let page = send(client.get(device.clone()), &mut cookies).await?;
        let xsrf = hidden_field(&page.2, "xsrf")?;
        let form = [("xsrf", xsrf.as_str()), ("user_code", user_code)];
        let confirm = send(client.post(device.clone()).form(&form), &mut cookies).await?;
        let xsrf = hidden_field(&confirm.2, "xsrf")?;
        let decision = match approve {
            true => ("confirm", "yes"),
            false => ("abort", "yes"),
        };
        let form = [("xsrf", xsrf.as_str()), ("user_code", user_code), decision];
        let mut answer = send(client.post(device.clone()).form(&form), &mut cookies).await?;
        for _ in 0..10 {
            let (status, location, body) = answer;
            let Some(location) = location.filter(|_| status.is_redirection()) else {
                return match status.is_success() || !approve {
                    true => Ok(()),
                    false => Err(format!("the device flow ended with HTTP {status}: {body}")),
                };
            };
            let url = device.join(&location).map_err(|e| e.to_string())?;
            answer = send(client.get(url), &mut cookies).await?;
        }
        Err("more than 10 redirects in the device flow".into())
    }

    /// Kills the child by its PID and reaps it.
    pub fn stop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Sends `request` with the jar's cookies, keeps the ones set: status, `Location`, body.
async fn send(
    mut request: reqwest::RequestBuilder,
    cookies: &mut BTreeMap<String, String>,
) -> Result<(reqwest::StatusCode, Option<String>, String), String> {
    if !cookies.is_empty() {
        let header: Vec<String> = cookies.iter().map(|(n, v)| format!("{n}={v}")).collect();
        request = request.header(COOKIE, header.join("; "));
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    for value in response.headers().get_all(SET_COOKIE) {
        let pair = value.to_str().unwrap_or_default();
        let pair = pair.split(';').next().unwrap_or_default();
        if let Some((name, value)) = pair.split_once('=') {
            cookies.insert(name.trim().to_owned(), value.trim().to_owned());
        }
    }
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.text().await.map_err(|e| e.to_string())?;
    Ok((status, location, body))
}

/// The value of the hidden form field `name` in an HTML page.
fn hidden_field(html: &str, name: &str) -> Result<String, String> {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html
        .find(&marker)
        .ok_or_else(|| format!("no `{name}` field in the page: {html}"))?
        + marker.len();
    let end = html[start..]
        .find('"')
        .ok_or_else(|| format!("unterminated `{name}` field"))?;
    Ok(html[start..start + end].to_owned())
}

/// RFC 6749 §2.3.1: client id and secret are form-urlencoded before Basic encoding.
fn form_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}
