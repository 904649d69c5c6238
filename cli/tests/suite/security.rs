//! Hardening of the web and API side (issue #11), over real HTTP against `appcreds serve`: stored
//! page sessions that logout ends, login limits, `no-store`, the admin token printed once, the
//! external URL recorded with the data, and public clients without a secret.

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Command, Stdio};

use appcreds_tests::server::{Server, free_port};
use reqwest::header::{CACHE_CONTROL, COOKIE, RETRY_AFTER, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::{Api, BIN, error_code, fails, json, ok, run};

/// Logs in on `server`'s page: the cookie (`appcreds_session=...`).
async fn log_in(server: &Server) -> String {
    let login = Server::client()
        .post(server.url("/login"))
        .form(&[("token", server.admin_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    assert_eq!(login.headers()[CACHE_CONTROL], "no-store");
    let set_cookie = login.headers()[SET_COOKIE].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

/// The page's CSRF token for `cookie`.
async fn csrf(server: &Server, cookie: &str) -> String {
    let html = Server::client()
        .get(server.url("/"))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    appcreds_tests::demo_user::hidden_fields(&html)
        .into_iter()
        .find(|(name, _)| name == "csrf_token")
        .map(|(_, value)| value)
        .expect("a CSRF field")
}

/// The status of `GET path` with `cookie`.
async fn status_with_cookie(server: &Server, path: &str, cookie: &str) -> StatusCode {
    Server::client()
        .get(server.url(path))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn logout_ends_the_session_and_the_old_cookie_is_refused() {
    let api = Api::serve();
    let cookie = log_in(&api.server).await;
    let other = log_in(&api.server).await;
    assert_eq!(
        status_with_cookie(&api.server, "/", &cookie).await,
        StatusCode::OK
    );
    let csrf = csrf(&api.server, &cookie).await;
    let logout = Server::client()
        .post(api.server.url("/logout"))
        .header(COOKIE, &cookie)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::SEE_OTHER);
    // The browser would drop the cookie; an attacker who copied it keeps it: it opens nothing.
    assert_eq!(
        status_with_cookie(&api.server, "/", &cookie).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        status_with_cookie(&api.server, "/api/application_credentials", &cookie).await,
        StatusCode::UNAUTHORIZED
    );
    // Another session is not ended by this logout.
    assert_eq!(
        status_with_cookie(&api.server, "/", &other).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn wrong_logins_are_limited_per_address_with_retry_after() {
    let api = Api::serve();
    let client = Server::client();
    let login = |token: &str| {
        client
            .post(api.server.url("/login"))
            .form(&[("token", token)])
            .send()
    };
    for _ in 0..5 {
        assert_eq!(
            login("wrong").await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let limited = login("wrong").await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    // While limited, even the right token waits: the limit is not an oracle.
    let right = login(&api.server.admin_token).await.unwrap();
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(right.headers().get(SET_COOKIE).is_none());
    // After the wait, the right token logs in.
    tokio::time::sleep(std::time::Duration::from_secs(retry_after)).await;
    let after = login(&api.server.admin_token).await.unwrap();
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_thousand_wrong_logins_write_a_few_log_lines() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir.path())
        .env("APPCREDS_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while stdout.read_line(&mut line).unwrap() > 0 && !line.contains("admin token") {
        line.clear();
    }
    let client = Server::client();
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..1000 {
        let response = client
            .post(format!("http://127.0.0.1:{port}/login"))
            .form(&[("token", "wrong")])
            .send()
            .await
            .unwrap();
        *statuses.entry(response.status().as_u16()).or_insert(0) += 1;
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    // Five wrong tokens are answered; then the address waits (1 s, doubling), so on a slow
    // machine a wait may end during the run and one more wrong token is answered.
    let refused = statuses.get(&401).copied().unwrap_or(0);
    let limited = statuses.get(&429).copied().unwrap_or(0);
    assert!((5..=10).contains(&refused), "{statuses:?}");
    assert_eq!(refused + limited, 1000, "{statuses:?}");
    // One line at the first wrong token, one when limited, one per wait that ended in another
    // wrong token: never one per attempt.
    let login_lines: Vec<&str> = log.lines().filter(|l| l.contains("page login")).collect();
    assert_eq!(
        login_lines.len(),
        2 + (refused - 5),
        "{statuses:?}: {} log lines about logins:\n{}",
        login_lines.len(),
        login_lines.join("\n")
    );
}

#[tokio::test]
async fn answers_that_carry_secrets_are_not_stored_by_caches() {
    let mut api = Api::serve();
    let account = api.link_demo_account().await;
    let token = api
        .request(
            Method::POST,
            &format!("/api/config_entries/{account}/token"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), StatusCode::OK);
    assert_eq!(token.headers()[CACHE_CONTROL], "no-store");
    let flow = api
        .request(Method::POST, "/api/flows")
        .json(&json!({"domain": "demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(flow.headers()[CACHE_CONTROL], "no-store");
    let cookie = log_in(&api.server).await;
    let page = Server::client()
        .get(api.server.url("/"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()[CACHE_CONTROL], "no-store");
    let list = api
        .request(Method::GET, "/api/config_entries")
        .send()
        .await
        .unwrap();
    assert_eq!(list.headers()[CACHE_CONTROL], "no-store");
}

/// Runs `serve` on `dir` and `port` until it says where the admin token is: its stdout so far.
fn serve_output(dir: &Path, port: u16) -> String {
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir)
        .env("APPCREDS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 || line.starts_with("redirect URI") {
            break;
        }
        seen.push_str(&line);
    }
    let _ = child.kill();
    let _ = child.wait();
    seen
}

#[test]
fn serve_prints_the_admin_token_only_when_it_creates_it() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let first = serve_output(dir.path(), port);
    let token = std::fs::read_to_string(dir.path().join("admin.token")).unwrap();
    assert!(
        first.contains(&format!("admin token: {}", token.trim())),
        "{first}"
    );
    let second = serve_output(dir.path(), port);
    assert!(!second.contains(token.trim()), "{second}");
    assert!(second.contains("admin token kept in"), "{second}");
    assert!(second.contains("admin.token"), "{second}");
}

#[test]
fn a_reachable_address_over_plain_http_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = Command::new(BIN)
        .args(["serve", "--bind", &format!("0.0.0.0:{port}"), "--data-dir"])
        .arg(dir.path())
        .env("APPCREDS_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let line = stderr
        .lines()
        .map_while(Result::ok)
        .take(20)
        .find(|line| line.starts_with("warning: "))
        .unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.starts_with("warning: ") && line.contains("unencrypted") && line.contains("https"),
        "{line}"
    );
}

#[tokio::test]
async fn token_refresh_goes_to_the_recorded_external_url() {
    let mut api = Api::serve();
    let account = api.link_demo_account().await;
    // No --external-url: the URL the data is served at, not a guessed default.
    let refreshed = json(&run(
        api.dir(),
        &["token", &account, "--refresh", "--json", "--demo"],
        "",
    ));
    assert!(
        refreshed["access_token"]
            .as_str()
            .unwrap()
            .starts_with("at-")
    );
    // Another URL is an error naming both, and sends nothing.
    let elsewhere = format!("http://127.0.0.1:{}", free_port());
    let output = run(
        api.dir(),
        &[
            "token",
            &account,
            "--refresh",
            "--demo",
            "--external-url",
            &elsewhere,
        ],
        "",
    );
    fails(&output, &api.server.base);
    fails(&output, &elsewhere);
    let accounts = json(&run(api.dir(), &["accounts", "list", "--json"], ""));
    assert_eq!(accounts[0]["status"], "ok", "{accounts}");
}

#[tokio::test]
async fn a_public_client_needs_no_secret_through_the_api() {
    let mut api = Api::serve();
    for domain in ["vicare", "overkiz", "tesla_fleet", "teslemetry"] {
        let (status, body) = api
            .send(
                Method::POST,
                "/api/application_credentials",
                json!({"domain": domain, "client_id": "public-client"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{domain}: {body}");
    }
    let (status, body) = api
        .send(
            Method::POST,
            "/api/application_credentials",
            json!({"domain": "vicare", "client_id": "empty-secret", "client_secret": ""}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // A confidential client still needs one.
    let (status, body) = api
        .send(
            Method::POST,
            "/api/application_credentials",
            json!({"domain": "spotify", "client_id": "confidential"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("client secret is empty")
    );
}

#[tokio::test]
async fn a_public_client_needs_no_secret_on_the_page() {
    let mut api = Api::serve();
    let cookie = log_in(&api.server).await;
    let csrf = csrf(&api.server, &cookie).await;
    let added = Server::client()
        .post(api.server.url("/credentials"))
        .header(COOKIE, &cookie)
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("domain", "teslemetry"),
            ("client_id", "page-public"),
            ("name", ""),
            ("client_secret", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let (_, list) = api.get("/api/application_credentials").await;
    assert_eq!(list[0]["id"], "teslemetry_page_public", "{list}");
}

#[test]
fn a_public_client_needs_no_secret_on_the_command_line_or_in_appcreds_toml() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&run(
        d,
        &[
            "credentials",
            "add",
            "--domain",
            "overkiz",
            "--client-id",
            "cli-public",
        ],
        "",
    ));
    fails(
        &run(
            d,
            &[
                "credentials",
                "add",
                "--domain",
                "spotify",
                "--client-id",
                "cli-secret",
            ],
            "",
        ),
        "no client secret given",
    );
    std::fs::write(
        d.join("appcreds.toml"),
        "[credentials.tesla_fleet]\nclient_id = \"toml-public\"\n\n[credentials.vicare]\nclient_id = \"toml-empty\"\nclient_secret = \"\"\n",
    )
    .unwrap();
    let listed = json(&run(d, &["credentials", "list", "--json"], ""));
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "overkiz_cli_public",
            "tesla_fleet_toml_public",
            "vicare_toml_empty"
        ]
    );
    std::fs::write(
        d.join("appcreds.toml"),
        "[credentials.spotify]\nclient_id = \"toml-confidential\"\n",
    )
    .unwrap();
    fails(
        &run(d, &["credentials", "list"], ""),
        "[credentials.spotify]: the client secret is empty",
    );
}

#[tokio::test]
async fn unknown_api_routes_answer_the_documented_error_body() {
    let mut api = Api::serve();
    let (status, body) = api.get("/api/no/such/route").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found", "{body}");
    let (status, body) = api
        .call(api.request(Method::PUT, "/api/application_credentials"))
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_code(&body), "method_not_allowed", "{body}");
}
