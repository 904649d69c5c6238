//! A minimal W3C WebDriver client (JSON over HTTP, with reqwest) driving headless Chromium through
//! Debian's `chromedriver`, started on a free port and stopped by its PID.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

use crate::server::free_port;

/// The WebDriver code of the Tab key, for [`Browser::keys`].
pub const TAB: char = '\u{E004}';
/// The WebDriver code of the Enter key.
pub const ENTER: char = '\u{E007}';
/// The WebDriver code of the space bar.
pub const SPACE: char = '\u{E00D}';

/// The W3C element reference key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where `program` is on `PATH`, if anywhere.
pub fn find_program(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    })
}

/// A chromedriver process with one headless Chromium session.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    client: reqwest::Client,
    _profile: tempfile::TempDir,
}

/// A WebDriver command failed.
#[derive(Debug)]
pub struct WebDriverError(pub String);

impl std::fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WebDriverError {}

type Result<T> = std::result::Result<T, WebDriverError>;

impl Browser {
    /// Starts `chromedriver` and a headless `chromium` session with a fresh profile.
    pub async fn start(chromedriver: &Path, chromium: &Path) -> Result<Browser> {
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| WebDriverError(format!("cannot start chromedriver: {e}")))?;
        let profile = tempfile::tempdir().map_err(|e| WebDriverError(e.to_string()))?;
        let mut browser = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            session: String::new(),
            client: reqwest::Client::new(),
            _profile: profile,
        };
        let started = Instant::now();
        loop {
            let ready = browser
                .client
                .get(format!("{}/status", browser.base))
                .send()
                .await;
            if let Ok(response) = ready
                && let Ok(status) = response.json::<Value>().await
                && status["value"]["ready"] == true
            {
                break;
            }
            if started.elapsed() > Duration::from_secs(20) {
                return Err(WebDriverError("chromedriver did not become ready".into()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile_dir = browser._profile.path().display().to_string();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1000", format!("--user-data-dir={profile_dir}"),
                ],
            },
        }}});
        let answer = browser.post("/session", capabilities).await?;
        browser.session = answer["sessionId"]
            .as_str()
            .ok_or_else(|| WebDriverError(format!("no session: {answer}")))?
            .to_owned();
        Ok(browser)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Value> {
        let response = request
            .send()
            .await
            .map_err(|e| WebDriverError(e.to_string()))?;
        let body: Value = response
            .json()
            .await
            .map_err(|e| WebDriverError(e.to_string()))?;
        if let Some(error) = body["value"]["error"].as_str() {
            return Err(WebDriverError(format!(
                "{error}: {}",
                body["value"]["message"].as_str().unwrap_or_default()
            )));
        }
        Ok(body["value"].clone())
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value> {
        let url = match path {
            "/session" => format!("{}/session", self.base),
            _ => format!("{}/session/{}{path}", self.base, self.session),
        };
        self.send(self.client.post(url).json(&body)).await
    }

    async fn get(&self, path: &str) -> Result<Value> {
        self.send(
            self.client
                .get(format!("{}/session/{}{path}", self.base, self.session)),
        )
        .await
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.post("/url", json!({"url": url})).await.map(drop)
    }

    /// The address bar.
    pub async fn current_url(&self) -> Result<String> {
        Ok(self
            .get("/url")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// The page's HTML.
    pub async fn source(&self) -> Result<String> {
        Ok(self
            .get("/source")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// The first element matching `css`, waiting up to 10 s for it.
    pub async fn find(&self, css: &str) -> Result<String> {
        let started = Instant::now();
        loop {
            match self
                .post("/element", json!({"using": "css selector", "value": css}))
                .await
            {
                Ok(element) => {
                    return element[ELEMENT].as_str().map(str::to_owned).ok_or_else(|| {
                        WebDriverError(format!("no element id for {css}: {element}"))
                    });
                }
                Err(error) if started.elapsed() > Duration::from_secs(10) => {
                    return Err(WebDriverError(format!("{css}: {error}")));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) -> Result<()> {
        let element = self.find(css).await?;
        self.post(&format!("/element/{element}/click"), json!({}))
            .await
            .map(drop)
    }

    /// Types `text` into the first element matching `css` (after clearing it).
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let element = self.find(css).await?;
        self.post(&format!("/element/{element}/clear"), json!({}))
            .await?;
        self.post(&format!("/element/{element}/value"), json!({"text": text}))
            .await
            .map(drop)
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String> {
        let element = self.find(css).await?;
        Ok(self
            .get(&format!("/element/{element}/text"))
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Waits up to 10 s until the first element matching `css` reads `expected` (after a click,
    /// the old page may still be there, or its elements go stale while the new one loads).
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            let last = self.text(css).await;
            match last {
                Ok(text) if text == expected => return Ok(()),
                _ if started.elapsed() > Duration::from_secs(10) => {
                    return Err(WebDriverError(format!(
                        "{css} never read {expected:?}; last: {last:?}"
                    )));
                }
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Saves a PNG screenshot of the viewport to `path`.
    pub async fn screenshot(&self, path: &Path) -> Result<()> {
        let encoded = self.get("/screenshot").await?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap_or_default())
            .map_err(|e| WebDriverError(e.to_string()))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| WebDriverError(e.to_string()))?;
        }
        std::fs::write(path, bytes).map_err(|e| WebDriverError(e.to_string()))
    }

    /// Accepts the open `confirm()` dialog, waiting up to 5 s for it.
    pub async fn accept_dialog(&self) -> Result<()> {
        let started = Instant::now();
        loop {
            match self.post("/alert/accept", json!({})).await {
                Ok(_) => return Ok(()),
                Err(error) if started.elapsed() > Duration::from_secs(5) => return Err(error),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Resizes the viewport to `width` × `height` CSS pixels (the window, then Chromium's device
    /// metrics if the window's frame takes some of it); returns `innerWidth`.
    pub async fn set_viewport(&self, width: u32, height: u32) -> Result<u64> {
        self.post("/window/rect", json!({"width": width, "height": height}))
            .await?;
        let inner = self.execute("return window.innerWidth;").await?;
        if inner.as_u64() == Some(u64::from(width)) {
            return Ok(u64::from(width));
        }
        let metrics = json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
        }});
        self.post("/goog/cdp/execute", metrics).await?;
        Ok(self
            .execute("return window.innerWidth;")
            .await?
            .as_u64()
            .unwrap_or_default())
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page and returns its value.
    pub async fn execute_with(&self, script: &str, args: Value) -> Result<Value> {
        self.post("/execute/sync", json!({"script": script, "args": args}))
            .await
    }

    /// Runs `script` (a function body) in the page and returns its value.
    pub async fn execute(&self, script: &str) -> Result<Value> {
        self.execute_with(script, json!([])).await
    }

    /// Runs asynchronous `script`, which calls `arguments[arguments.length - 1]` with its result;
    /// waits up to 60 s.
    pub async fn execute_async(&self, script: &str) -> Result<Value> {
        self.post("/timeouts", json!({"script": 60_000})).await?;
        self.post("/execute/async", json!({"script": script, "args": []}))
            .await
    }

    /// Presses the keys of `keys` one after the other, as a keyboard would: characters, or the
    /// WebDriver codes [`TAB`], [`ENTER`], [`SPACE`].
    pub async fn keys(&self, keys: &str) -> Result<()> {
        let mut actions = Vec::new();
        for key in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": key.to_string()}));
            actions.push(json!({"type": "keyUp", "value": key.to_string()}));
        }
        self.post(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        )
        .await
        .map(drop)
    }

    /// A short description of the focused element: `tag#id` and its text (for keyboard tests).
    pub async fn focused(&self) -> Result<String> {
        let value = self
            .execute(
                "const e = document.activeElement; return e.tagName.toLowerCase() + '#' + (e.id || '') + ' ' + (e.textContent || e.value || '').trim().replace(/\\s+/g, ' ');",
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Ends the session (the driver is stopped on drop).
    pub async fn quit(&self) {
        let _ = self
            .client
            .delete(format!("{}/session/{}", self.base, self.session))
            .send()
            .await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
