//! Every subcommand of the real `appcreds` binary on a fresh data directory: credentials, accounts,
//! `link` end to end against the demo provider (its pages driven over HTTP), `token` with a
//! refresh through `serve --demo`. `--json` output is parsed and checked.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use appcreds_tests::demo_user;
use appcreds_tests::server::free_port;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_appcreds");

/// Runs `appcreds ARGS --data-dir DIR [EXTRA]` with `stdin`.
fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
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

fn ok(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&ok(output)).expect("JSON output")
}

/// A failure: non-zero, one `error:` line on stderr that contains `hint`.
fn fails(output: &Output, hint: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "should fail: {stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains(hint), "{stderr}");
}

#[test]
fn credentials_subcommands_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(
        json(&run(d, &["credentials", "list", "--json"], "")),
        serde_json::json!([])
    );
    assert!(ok(&run(d, &["credentials", "list"], "")).contains("no application credentials"));

    let added = json(&run(
        d,
        &[
            "credentials",
            "add",
            "--domain",
            "spotify",
            "--client-id",
            "cli-client",
            "--name",
            "From CLI",
            "--json",
        ],
        "cli-secret-value\n",
    ));
    assert_eq!(added["id"], "spotify_cli_client");
    assert_eq!(added["name"], "From CLI");
    assert!(!added.to_string().contains("cli-secret-value"));
    fails(
        &run(
            d,
            &[
                "credentials",
                "add",
                "--domain",
                "spotify",
                "--client-id",
                "cli-client",
            ],
            "x\n",
        ),
        "already exists",
    );
    fails(
        &run(
            d,
            &["credentials", "add", "--domain", "nope", "--client-id", "a"],
            "x\n",
        ),
        "no integration `nope`",
    );
    fails(
        &run(
            d,
            &[
                "credentials",
                "add",
                "--domain",
                "spotify",
                "--client-id",
                "b",
            ],
            "",
        ),
        "standard input",
    );

    assert!(
        ok(&run(
            d,
            &["credentials", "rename", "spotify_cli_client", "Renamed"],
            ""
        ))
        .contains("renamed")
    );
    assert!(
        ok(&run(
            d,
            &["credentials", "rotate", "spotify_cli_client"],
            "rotated-secret\n"
        ))
        .contains("replaced")
    );
    fails(
        &run(d, &["credentials", "rename", "nope", "x"], ""),
        "unable to find",
    );
    let listed = json(&run(d, &["credentials", "list", "--json"], ""));
    assert_eq!(listed[0]["name"], "Renamed");
    assert_eq!(listed[0]["used_by"], serde_json::json!([]));
    let text = ok(&run(d, &["credentials", "list"], ""));
    assert!(
        text.contains("spotify_cli_client") && !text.contains("secret"),
        "{text}"
    );

    let file = d.join("import.toml");
    std::fs::write(
        &file,
        "[credentials.spotify]\nclient_id = \"imported\"\nclient_secret = \"imported-secret\"\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let imported = json(&run(d, &["credentials", "import", file, "--json"], ""));
    assert_eq!(imported[0]["status"], "imported", "{imported}");
    let again = json(&run(d, &["credentials", "import", file, "--json"], ""));
    assert_eq!(again[0]["status"], "existing");
    fails(
        &run(d, &["credentials", "import", "/no/such/file.toml"], ""),
        "no such file",
    );

    let port = free_port().to_string();
    let external = format!("http://127.0.0.1:{port}");
    fails(
        &run(d, &["link", "spotify", "--external-url", &external], ""),
        "several credentials: pass --credential with one of spotify_cli_client, spotify_imported",
    );
    assert!(
        ok(&run(
            d,
            &["credentials", "remove", "spotify_cli_client"],
            ""
        ))
        .contains("deleted")
    );
    fails(
        &run(d, &["credentials", "remove", "spotify_cli_client"], ""),
        "unable to find",
    );
    assert_eq!(
        json(&run(d, &["credentials", "list", "--json"], ""))
            .as_array()
            .unwrap()
            .len(),
        1
    );

    assert_eq!(
        json(&run(d, &["accounts", "list", "--json"], "")),
        serde_json::json!([])
    );
    fails(
        &run(d, &["accounts", "remove", "nope"], ""),
        "appcreds accounts list",
    );
    fails(&run(d, &["token", "nope"], ""), "appcreds accounts list");
}

#[tokio::test]
async fn link_end_to_end_then_token_and_refresh_through_serve() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_owned();
    let port = free_port();
    let external = format!("http://127.0.0.1:{port}");
    let demo = ["--demo", "--external-url", external.as_str()];

    let missing = run(&d, &[&["link", "demo"][..], &demo].concat(), "");
    fails(&missing, "credentials add --domain demo");
    ok(&run(
        &d,
        &[
            &[
                "credentials",
                "add",
                "--domain",
                "demo",
                "--client-id",
                appcreds_demo::CLIENT_ID,
            ][..],
            &demo,
        ]
        .concat(),
        &format!("{}\n", appcreds_demo::CLIENT_SECRET),
    ));

    // `link` prints the URL, then waits; the user signs in and allows at the demo provider.
    let mut child = Command::new(BIN)
        .args(["link", "demo", "--timeout", "60", "--data-dir"])
        .arg(&d)
        .args(demo)
        .env("APPCREDS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    let authorize_url = loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "link ended early: {lines:?}"
        );
        if line.starts_with("http") {
            break line.trim().to_owned();
        }
        lines.push(line);
    };
    assert!(
        authorize_url.starts_with(&format!("{external}/demo/oauth/authorize?")),
        "{authorize_url}"
    );
    let callback = demo_user::authorize(&authorize_url, true).await.unwrap();
    let answer = reqwest::Client::new().get(&callback).send().await.unwrap();
    assert!(answer.text().await.unwrap().contains("is linked"));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{rest}");
    assert!(rest.contains("linked demo account"), "{rest}");

    let accounts = json(&run(
        &d,
        &[&["accounts", "list", "--json"][..], &demo].concat(),
        "",
    ));
    assert_eq!(accounts.as_array().unwrap().len(), 1, "{accounts}");
    let account = accounts[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(accounts[0]["status"], "ok");
    assert_eq!(
        accounts[0]["application_credentials_id"],
        "demo_appcreds_demo"
    );
    let text = ok(&run(&d, &[&["accounts", "list"][..], &demo].concat(), ""));
    assert!(
        text.contains("valid until") && !text.contains("at-"),
        "{text}"
    );
    let credentials = json(&run(
        &d,
        &[&["credentials", "list", "--json"][..], &demo].concat(),
        "",
    ));
    assert_eq!(credentials[0]["used_by"][0]["id"], account.as_str());
    fails(
        &run(
            &d,
            &[&["credentials", "remove", "demo_appcreds_demo"][..], &demo].concat(),
            "",
        ),
        "in use",
    );

    // A fresh token needs no provider; a refresh goes to the provider that `serve --demo` runs.
    let token = ok(&run(
        &d,
        &[&["token", account.as_str()][..], &demo].concat(),
        "",
    ));
    assert!(token.trim().starts_with("at-"), "{token}");
    let server = serve_on(&d, port);
    let refreshed = json(&run(
        &d,
        &[
            &["token", account.as_str(), "--refresh", "--json"][..],
            &demo,
        ]
        .concat(),
        "",
    ));
    let new_token = refreshed["access_token"].as_str().unwrap();
    assert!(
        new_token.starts_with("at-") && new_token != token.trim(),
        "{refreshed}"
    );
    assert!(refreshed["expires_at"].as_u64().is_some());
    drop(server);

    assert!(
        ok(&run(
            &d,
            &[&["accounts", "remove", account.as_str()][..], &demo].concat(),
            ""
        ))
        .contains("removed")
    );
    assert!(
        ok(&run(
            &d,
            &[&["credentials", "remove", "demo_appcreds_demo"][..], &demo].concat(),
            ""
        ))
        .contains("deleted")
    );
}

/// A child process stopped (by its PID) when dropped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `appcreds serve --demo` on exactly `port` (the external URL the account was linked with).
fn serve_on(dir: &Path, port: u16) -> Running {
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
