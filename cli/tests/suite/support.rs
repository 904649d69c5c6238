//! What the binary's tests share: running `appcreds` on a data directory, `serve --demo` with a
//! record of every API answer (to prove no secret or token ever leaks), and an account linked
//! through the demo provider.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use appcreds_tests::demo_user;
use appcreds_tests::server::Server;
use reqwest::header::LOCATION;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;

/// The `appcreds` binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_appcreds");

/// Runs `appcreds ARGS --data-dir DIR` with `stdin`, without a configured key.
pub(crate) fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("APPCREDS_SECRET_KEY")
        .env("APPCREDS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run appcreds");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `appcreds ARGS` (no data directory).
pub(crate) fn appcreds(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the appcreds binary runs")
}

/// The standard output of a successful run.
pub(crate) fn ok(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The JSON output of a successful run.
pub(crate) fn json(output: &Output) -> Value {
    serde_json::from_str(&ok(output)).expect("JSON output")
}

/// A failure: non-zero, one `error:` line on stderr that contains `hint`.
pub(crate) fn fails(output: &Output, hint: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "should fail: {stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains(hint), "{stderr}");
}

/// A child process stopped (by its PID) when dropped.
pub(crate) struct Running(std::process::Child);

impl Running {
    /// Stops `child` when dropped.
    pub(crate) fn new(child: std::process::Child) -> Running {
        Running(child)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `appcreds serve --demo` on exactly `port` (the external URL an account was linked with).
pub(crate) fn serve_on(dir: &Path, port: u16) -> Running {
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir)
        .env("APPCREDS_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 && !line.contains("admin token") {
        line.clear();
    }
    std::thread::spawn(move || out.lines().for_each(drop));
    Running(child)
}

/// The `code` of an API error body.
pub(crate) fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

/// `appcreds serve --demo` on a fresh data directory, recording every API answer.
pub(crate) struct Api {
    /// The server.
    pub(crate) server: Server,
    /// Every body answered through [`Api::call`].
    seen: Vec<String>,
    // Dropped last: the server's data.
    dir: TempDir,
}

impl Api {
    /// A fresh data directory served with `--demo`.
    pub(crate) fn serve() -> Api {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(Path::new(BIN), dir.path(), &["--demo"]);
        Api {
            server,
            seen: Vec::new(),
            dir,
        }
    }

    /// A request to `path` with the admin token.
    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.server.api(method, path)
    }

    /// Sends `request`, records its body, and returns its status and JSON (`Null` if none).
    pub(crate) async fn call(&mut self, request: RequestBuilder) -> (StatusCode, Value) {
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        self.seen.push(text.clone());
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// `GET path`.
    pub(crate) async fn get(&mut self, path: &str) -> (StatusCode, Value) {
        self.call(self.request(Method::GET, path)).await
    }

    /// `method path` with a JSON body.
    pub(crate) async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        self.call(self.request(method, path).json(&body)).await
    }

    /// Records a body seen some other way (an HTML page).
    pub(crate) fn saw(&mut self, body: String) {
        self.seen.push(body);
    }

    /// The data directory.
    pub(crate) fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Stores the demo client as a credential; returns its id.
    pub(crate) async fn add_demo_credential(&mut self) -> String {
        let demo = json!({"domain": "demo", "client_id": appcreds_demo::CLIENT_ID, "client_secret": appcreds_demo::CLIENT_SECRET});
        let (status, created) = self
            .send(Method::POST, "/api/application_credentials", demo)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        created["id"].as_str().unwrap().to_owned()
    }

    /// Starts a flow for `domain`: its first step.
    pub(crate) async fn start_flow(&mut self, domain: &str) -> Value {
        self.send(Method::POST, "/api/flows", json!({"domain": domain}))
            .await
            .1
    }

    /// The user answers the provider for an `external` step and the browser follows the
    /// callback's redirect: the result page.
    pub(crate) async fn consent_and_return(&mut self, step: &Value, allow: bool) -> String {
        let callback = demo_user::authorize(step["authorize_url"].as_str().unwrap(), allow)
            .await
            .unwrap();
        let response = Server::client().get(&callback).send().await.unwrap();
        let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
        let page = Server::client()
            .get(self.server.url(&location))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        self.saw(page.clone());
        page
    }

    /// A demo account linked through the API and the demo provider: its id.
    pub(crate) async fn link_demo_account(&mut self) -> String {
        self.add_demo_credential().await;
        let step = self.start_flow("demo").await;
        let flow_id = step["flow_id"].as_str().unwrap().to_owned();
        let page = self.consent_and_return(&step, true).await;
        assert!(page.contains("is linked"), "{page}");
        let (_, done) = self.get(&format!("/api/flows/{flow_id}")).await;
        done["account"]["id"].as_str().unwrap().to_owned()
    }

    /// No recorded answer carried a token the demo provider issued, nor any of `secrets`.
    pub(crate) fn assert_nothing_leaked(&self, secrets: &[&str]) {
        let tokens = issued_tokens(self.dir());
        for body in &self.seen {
            for secret in secrets {
                assert!(!body.contains(secret), "a secret leaked: {body}");
            }
            for token in &tokens {
                assert!(!body.contains(token.as_str()), "a token leaked: {body}");
            }
        }
    }
}

/// Tokens the demo provider issued, from its state file (read once its saver has caught up: it
/// writes at most every `SAVE_INTERVAL`).
pub(crate) fn issued_tokens(dir: &Path) -> Vec<String> {
    std::thread::sleep(appcreds_demo::SAVE_INTERVAL * 3);
    let state = std::fs::read_to_string(dir.join("demo-provider.json")).unwrap_or_default();
    state
        .split('"')
        .filter(|s| s.starts_with("at-") || s.starts_with("rt-"))
        .map(str::to_owned)
        .collect()
}

/// An example host binary of this package (`cli/examples/NAME.rs`), built by `cargo test
/// -p appcreds-cli` (or `cargo build -p appcreds-cli --examples`) next to the test binaries.
pub(crate) fn example_host(name: &str) -> std::path::PathBuf {
    let deps = std::env::current_exe().expect("the test binary's path");
    let path = deps
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps")
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is not built: run `cargo test -p appcreds-cli` (or `cargo build -p appcreds-cli --examples`) first",
        path.display()
    );
    path
}
