//! [`Server`]: the real `appcreds serve` binary on a free loopback port, for HTTP, CLI and browser
//! tests. Stopped (by its PID) when dropped.

use std::io::{BufRead as _, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use reqwest::header::AUTHORIZATION;

/// A running `appcreds serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub base: String,
    /// The admin token it printed.
    pub admin_token: String,
    /// Its data directory.
    pub data_dir: PathBuf,
}

/// A free loopback port (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl Server {
    /// Runs `bin serve --bind 127.0.0.1:PORT --data-dir DIR` plus `extra` (e.g. `--demo`) and
    /// waits until it printed its admin token (on a first start) or where it is kept (then the
    /// token is read from `admin.token`).
    pub fn start(bin: &Path, data_dir: &Path, extra: &[&str]) -> Server {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut child = Command::new(bin)
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
            ])
            .arg(data_dir)
            .args(extra)
            .env("APPCREDS_LOG", "warn")
            .env_remove("APPCREDS_SECRET_KEY")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start appcreds serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut admin_token = None;
        let mut lines = BufReader::new(stdout).lines();
        for line in lines.by_ref() {
            let Ok(line) = line else { break };
            if let Some(token) = line.strip_prefix("admin token: ") {
                admin_token = Some(token.trim().to_owned());
                break;
            }
            if line.contains("admin token kept in") {
                admin_token = std::fs::read_to_string(data_dir.join("admin.token"))
                    .ok()
                    .map(|t| t.trim().to_owned());
                break;
            }
        }
        // Keep draining its output, or its next line would fail on a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let Some(admin_token) = admin_token else {
            let _ = child.kill();
            panic!("appcreds serve did not start (see its stderr above)");
        };
        Server {
            child,
            base,
            admin_token,
            data_dir: data_dir.to_owned(),
        }
    }

    /// `base + path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that does not follow redirects and keeps no cookies.
    pub fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client")
    }

    /// A request to `path` with the admin token.
    pub fn api(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        Server::client()
            .request(method, self.url(path))
            .header(AUTHORIZATION, format!("Bearer {}", self.admin_token))
    }

    /// The server's PID.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
