//! The README's "A short tour", run as written: its `sh` blocks are read from README.md and run
//! with `sh` in a fresh directory, with the `appcreds` this test suite built first on `PATH` (what
//! the tour's `cargo install --path cli` provides) and the port 8123 replaced by a free one. The
//! page steps between them (add the demo credential, link the account) go through the API and
//! the demo provider, as the page does.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use appcreds_tests::demo_user;
use appcreds_tests::server::{Server, free_port};
use reqwest::header::AUTHORIZATION;
use serde_json::{Value, json};

use crate::support::{BIN, Running};

/// The port the README uses.
const README_PORT: &str = "8123";

/// The `sh` blocks of the README's tour section, in order, as lines (indentation removed).
fn tour_blocks() -> Vec<Vec<String>> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let start = readme
        .find("## A short tour")
        .expect("the README has the tour");
    let section = &readme[start..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in section.lines().map(str::trim) {
        match (&mut current, line) {
            (None, "```sh") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(block), line) if !line.is_empty() => block.push(line.to_owned()),
            _ => {}
        }
    }
    blocks
}

/// A line as the test runs it: on the test's port, with `ACCOUNT_ID` filled in.
fn local(line: &str, port: u16, account: &str) -> String {
    line.replace(README_PORT, &port.to_string())
        .replace("ACCOUNT_ID", account)
}

/// `sh -c LINE` in `dir`, with the built `appcreds` first on `PATH`.
fn sh(dir: &Path) -> Command {
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_owned()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut command = Command::new("sh");
    command
        .current_dir(dir)
        .env("PATH", path)
        .env("APPCREDS_LOG", "warn")
        .env_remove("APPCREDS_SECRET_KEY");
    command
}

fn run_line(dir: &Path, line: &str) -> Output {
    let output = sh(dir).args(["-c", line]).output().unwrap();
    assert!(
        output.status.success(),
        "{line}\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Starts a long-running line (`serve`, `link`) and reads its output up to a line starting with
/// `until`.
fn start_line(dir: &Path, line: &str, until: &str) -> (Running, Vec<String>) {
    let mut child = sh(dir)
        .args(["-c", &format!("exec {line}")])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    loop {
        let mut text = String::new();
        assert!(
            out.read_line(&mut text).unwrap() > 0,
            "{line} ended: {lines:?}"
        );
        let found = text.starts_with(until);
        lines.push(text.trim().to_owned());
        if found {
            break;
        }
    }
    std::thread::spawn(move || out.lines().for_each(drop));
    (Running::new(child), lines)
}

/// What the page does in steps 2 and 3: adds the demo credential and links the account.
async fn link_through_the_page(base: &str, admin_token: &str) -> String {
    let client = Server::client();
    let api = |method: reqwest::Method, path: &str| {
        client
            .request(method, format!("{base}{path}"))
            .header(AUTHORIZATION, format!("Bearer {admin_token}"))
    };
    let demo =
        json!({"domain": "demo", "client_id": "appcreds-demo", "client_secret": "demo-secret"});
    let created = api(reqwest::Method::POST, "/api/application_credentials")
        .json(&demo)
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success());
    let step: Value = api(reqwest::Method::POST, "/api/flows")
        .json(&json!({"domain": "demo"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let callback = demo_user::authorize(step["authorize_url"].as_str().unwrap(), true)
        .await
        .unwrap();
    client.get(&callback).send().await.unwrap();
    let flow = step["flow_id"].as_str().unwrap();
    let done: Value = api(reqwest::Method::GET, &format!("/api/flows/{flow}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    done["account"]["id"].as_str().unwrap().to_owned()
}

/// The tour's last step builds and runs the example author crate: cargo commands that take
/// minutes, so `.ci/run` runs them, as written (comments aside), and this checks that it does.
fn the_author_step_runs_in_ci(block: &[String]) {
    let ci =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/run")).unwrap();
    let ci_lines: Vec<&str> = ci.lines().map(str::trim).collect();
    for line in block {
        let command = line.split(" #").next().unwrap_or_default().trim();
        assert!(
            ci_lines.contains(&command),
            "the README's `{command}` is not run by .ci/run"
        );
    }
}

#[tokio::test]
async fn the_tour_works_as_written() {
    let blocks = tour_blocks();
    assert_eq!(blocks.len(), 4, "{blocks:#?}");
    the_author_step_runs_in_ci(&blocks[3]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let port = free_port();

    // Step 1: the install line installs the binary this suite built (`appcreds`, from cli/).
    assert_eq!(blocks[0][0], "cargo install --path cli --locked");
    assert!(BIN.ends_with("/appcreds"), "{BIN}");
    let serve = local(&blocks[0][1], port, "");
    let (server, printed) = start_line(d, &serve, "admin token");
    let admin_token = printed
        .last()
        .and_then(|l| l.strip_prefix("admin token: "))
        .unwrap()
        .to_owned();
    assert_eq!(
        std::fs::read_to_string(d.join("appcreds-data/admin.token"))
            .unwrap()
            .trim(),
        admin_token,
        "the admin token is where the README says"
    );

    // Steps 2 and 3, as the page does them.
    let base = format!("http://127.0.0.1:{port}");
    let account = link_through_the_page(&base, &admin_token).await;

    // Step 4, line by line.
    let [list, token, refresh, curl] = &blocks[1][..] else {
        panic!("{:#?}", blocks[1])
    };
    let listed = String::from_utf8(run_line(d, &local(list, port, &account)).stdout).unwrap();
    assert!(
        listed.contains(&account) && listed.contains("valid until 20"),
        "{listed}"
    );
    let first = String::from_utf8(run_line(d, &local(token, port, &account)).stdout).unwrap();
    assert!(first.trim().starts_with("at-"), "{first}");
    let second = String::from_utf8(run_line(d, &local(refresh, port, &account)).stdout).unwrap();
    assert!(
        second.trim().starts_with("at-") && second != first,
        "{second}"
    );
    let me = String::from_utf8(run_line(d, &local(curl, port, &account)).stdout).unwrap();
    let me: Value = serde_json::from_str(&me).expect("JSON from /demo/api/me");
    assert_eq!(me["sub"], "demo", "{me}");

    // Step 5: stop serve, then add and link without the page.
    drop(server);
    let [add, link] = &blocks[2][..] else {
        panic!("{:#?}", blocks[2])
    };
    let added = String::from_utf8(run_line(d, &local(add, port, "")).stdout).unwrap();
    assert!(
        added.contains(&format!("{base}/auth/external/callback")),
        "{added}"
    );
    let (_link, printed) = start_line(d, &local(link, port, ""), "http");
    let authorize_url = printed.last().unwrap();
    let callback = demo_user::authorize(authorize_url, true).await.unwrap();
    let answer = Server::client().get(&callback).send().await.unwrap();
    let result = answer.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let page = Server::client()
        .get(format!("{base}{result}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("You can close this tab"), "{page}");
}
