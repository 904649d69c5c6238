//! Every subcommand of the real `appcreds` binary on a fresh data directory: credentials,
//! accounts, `link` end to end against the demo provider (its pages driven over HTTP), `token`
//! with a refresh through `serve --demo`. `--json` output is parsed and checked.

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use appcreds_tests::demo_user;
use appcreds_tests::server::free_port;
use serde_json::json;
use tempfile::TempDir;

use crate::support::{BIN, fails, json, ok, run, serve_on};

const CLI_SECRET: &str = "cli-secret-value";

/// A data directory with the Spotify credential `spotify_cli_client` ("From CLI").
fn with_credential() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let added = json(&run(
        dir.path(),
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
        &format!("{CLI_SECRET}\n"),
    ));
    assert_eq!(added["id"], "spotify_cli_client");
    dir
}

#[test]
fn an_empty_data_directory_lists_nothing() {
    let dir = with_credential();
    let d = dir.path();
    ok(&run(
        d,
        &["credentials", "remove", "spotify_cli_client"],
        "",
    ));
    assert_eq!(
        json(&run(d, &["credentials", "list", "--json"], "")),
        json!([])
    );
    assert!(ok(&run(d, &["credentials", "list"], "")).contains("No application credentials"));
    assert_eq!(
        json(&run(d, &["accounts", "list", "--json"], "")),
        json!([])
    );
    assert!(ok(&run(d, &["accounts", "list"], "")).contains("No linked accounts yet"));
}

#[test]
fn read_only_commands_on_a_missing_data_directory_fail_naming_it_and_create_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let missing = parent.path().join("no-such-data");
    let shown = missing.display().to_string();
    for args in [
        &["accounts", "list"][..],
        &["accounts", "list", "--json"],
        &["accounts", "remove", "x"],
        &["accounts", "rename", "x", "New title"],
        &["credentials", "list"],
        &["credentials", "rename", "x", "y"],
        &["credentials", "remove", "x"],
        &["token", "x"],
        &["token", "x", "--refresh", "--demo"],
    ] {
        let output = run(&missing, args, "");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded: {stderr}");
        assert!(
            stderr.contains(&shown) && stderr.contains("--data-dir"),
            "{args:?}: {stderr}"
        );
        assert!(!missing.exists(), "{args:?} created {shown}");
    }
    // The same in an existing directory without appcreds data: nothing is created in it.
    let empty = parent.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    fails(
        &run(&empty, &["accounts", "list"], ""),
        "No appcreds data in",
    );
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
}

#[test]
fn unknown_accounts_point_to_the_accounts_list() {
    let dir = with_credential();
    let d = dir.path();
    fails(
        &run(d, &["accounts", "remove", "nope"], ""),
        "appcreds accounts list",
    );
    fails(
        &run(d, &["accounts", "rename", "nope", "Title"], ""),
        "appcreds accounts list",
    );
    fails(&run(d, &["token", "nope"], ""), "appcreds accounts list");
}

#[test]
fn an_added_credential_is_printed_without_its_secret() {
    let dir = with_credential();
    let listed = json(&run(dir.path(), &["credentials", "list", "--json"], ""));
    assert_eq!(listed[0]["name"], "From CLI");
    assert_eq!(listed[0]["used_by"], json!([]));
    let text = ok(&run(dir.path(), &["credentials", "list"], ""));
    assert!(
        text.contains("spotify_cli_client") && !text.contains(CLI_SECRET),
        "{text}"
    );
}

#[test]
fn credentials_add_refuses_duplicates_unknown_domains_and_no_secret() {
    let dir = with_credential();
    let d = dir.path();
    let add = |domain: &str, client_id: &str, stdin: &str| {
        run(
            d,
            &[
                "credentials",
                "add",
                "--domain",
                domain,
                "--client-id",
                client_id,
            ],
            stdin,
        )
    };
    fails(&add("spotify", "cli-client", "x\n"), "already exists");
    fails(&add("nope", "a", "x\n"), "no integration `nope`");
    fails(&add("spotify", "b", ""), "standard input");
}

#[test]
fn credentials_rename_and_rotate() {
    let dir = with_credential();
    let d = dir.path();
    let renamed = ok(&run(
        d,
        &["credentials", "rename", "spotify_cli_client", "Renamed"],
        "",
    ));
    assert!(renamed.contains("renamed"), "{renamed}");
    let rotated = ok(&run(
        d,
        &["credentials", "rotate", "spotify_cli_client"],
        "rotated-secret\n",
    ));
    assert!(rotated.contains("replaced"), "{rotated}");
    fails(
        &run(d, &["credentials", "rename", "nope", "x"], ""),
        "unable to find",
    );
    let listed = json(&run(d, &["credentials", "list", "--json"], ""));
    assert_eq!(listed[0]["name"], "Renamed");
}

#[test]
fn credentials_import_adds_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
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
}

#[test]
fn link_with_several_credentials_asks_for_one() {
    let dir = with_credential();
    let d = dir.path();
    ok(&run(
        d,
        &[
            "credentials",
            "add",
            "--domain",
            "spotify",
            "--client-id",
            "imported",
        ],
        "s\n",
    ));
    let external = format!("http://127.0.0.1:{}", free_port());
    fails(
        &run(d, &["link", "spotify", "--external-url", &external], ""),
        "several credentials: pass --credential with one of spotify_cli_client, spotify_imported",
    );
}

#[test]
fn credentials_remove_deletes_once() {
    let dir = with_credential();
    let d = dir.path();
    let removed = ok(&run(
        d,
        &["credentials", "remove", "spotify_cli_client"],
        "",
    ));
    assert!(removed.contains("deleted"), "{removed}");
    fails(
        &run(d, &["credentials", "remove", "spotify_cli_client"], ""),
        "unable to find",
    );
    assert_eq!(
        json(&run(d, &["credentials", "list", "--json"], "")),
        json!([])
    );
}

/// A data directory run with `--demo` on a free port's external URL.
struct Demo {
    dir: TempDir,
    port: u16,
    external: String,
}

impl Demo {
    fn new() -> Demo {
        let port = free_port();
        Demo {
            dir: tempfile::tempdir().unwrap(),
            port,
            external: format!("http://127.0.0.1:{port}"),
        }
    }

    fn dir(&self) -> PathBuf {
        self.dir.path().to_owned()
    }

    /// `appcreds ARGS --demo --external-url URL`.
    fn run(&self, args: &[&str], stdin: &str) -> std::process::Output {
        let demo = ["--demo", "--external-url", self.external.as_str()];
        run(self.dir.path(), &[args, &demo].concat(), stdin)
    }

    fn add_credential(&self) {
        ok(&self.run(
            &[
                "credentials",
                "add",
                "--domain",
                "demo",
                "--client-id",
                appcreds_demo::CLIENT_ID,
            ],
            &format!("{}\n", appcreds_demo::CLIENT_SECRET),
        ));
    }

    /// Runs `link demo`, signs in and allows at the demo provider: `link`'s output after the URL.
    async fn link(&self) -> String {
        let mut child = Command::new(BIN)
            .args(["link", "demo", "--timeout", "60", "--data-dir"])
            .arg(self.dir())
            .args(["--demo", "--external-url", self.external.as_str()])
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
            authorize_url.starts_with(&format!("{}/demo/oauth/authorize?", self.external)),
            "{authorize_url}"
        );
        let callback = demo_user::authorize(&authorize_url, true).await.unwrap();
        let answer = reqwest::Client::new().get(&callback).send().await.unwrap();
        let page = answer.text().await.unwrap();
        // The port closes when `link` ends: the page sends nowhere, it says to close the tab.
        assert!(
            page.contains("is linked")
                && page.contains("You can close this tab")
                && !page.contains(r#"href="/""#)
                && !page.contains(r#"href="/#"#)
                && !page.contains(r#"href="/link"#),
            "{page}"
        );
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
        assert!(child.wait().unwrap().success(), "{rest}");
        rest
    }

    /// A linked demo account: its id.
    async fn linked(&self) -> String {
        self.add_credential();
        self.link().await;
        let accounts = json(&self.run(&["accounts", "list", "--json"], ""));
        accounts[0]["id"].as_str().unwrap().to_owned()
    }
}

#[test]
fn link_without_a_credential_says_how_to_add_one() {
    let demo = Demo::new();
    fails(
        &demo.run(&["link", "demo"], ""),
        "credentials add --domain demo",
    );
}

#[tokio::test]
async fn link_prints_the_url_and_waits_for_the_provider() {
    let demo = Demo::new();
    demo.add_credential();
    let rest = demo.link().await;
    assert!(rest.contains("Linked the demo account"), "{rest}");
}

#[tokio::test]
async fn link_prints_the_redirect_uri_to_register_and_credentials_add_too() {
    let demo = Demo::new();
    let added = ok(&demo.run(
        &[
            "credentials",
            "add",
            "--domain",
            "demo",
            "--client-id",
            appcreds_demo::CLIENT_ID,
        ],
        &format!("{}\n", appcreds_demo::CLIENT_SECRET),
    ));
    let redirect = format!("{}/auth/external/callback", demo.external);
    assert!(
        added.contains(&format!(
            "Register this redirect URI at the provider: {redirect}"
        )),
        "{added}"
    );
    // `link` prints it before the URL to open (the lines `Demo::link` read first).
    let mut child = Command::new(BIN)
        .args(["link", "demo", "--timeout", "5", "--data-dir"])
        .arg(demo.dir())
        .args(["--demo", "--external-url", demo.external.as_str()])
        .env("APPCREDS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        first.trim(),
        format!("The redirect URI registered at the provider must be: {redirect}")
    );
}

#[test]
fn link_takes_the_account_inputs_with_input_name_value() {
    let demo = Demo::new();
    fails(
        &demo.run(&["link", "nest", "--input", "project_id=a/b"], ""),
        "project_id",
    );
    fails(
        &demo.run(&["link", "nest", "--input", "nonsense"], ""),
        "NAME=VALUE",
    );
    // A good value gets past the inputs, to the missing credential.
    fails(
        &demo.run(&["link", "nest", "--input", "project_id=my-project"], ""),
        "credentials add --domain nest",
    );
}

#[tokio::test]
async fn a_linked_account_is_listed_with_its_credential_and_no_token() {
    let demo = Demo::new();
    let account = demo.linked().await;
    let accounts = json(&demo.run(&["accounts", "list", "--json"], ""));
    assert_eq!(accounts.as_array().unwrap().len(), 1, "{accounts}");
    assert_eq!(accounts[0]["status"], "ok");
    assert_eq!(
        accounts[0]["application_credentials_id"],
        "demo_appcreds_demo"
    );
    let text = ok(&demo.run(&["accounts", "list"], ""));
    assert!(
        text.contains("valid until 20") && text.contains(" UTC") && !text.contains("unix time"),
        "{text}"
    );
    assert!(!text.contains("at-"), "{text}");
    // Titled after the integration and the start of the id, then renamed.
    let title = accounts[0]["title"].as_str().unwrap();
    assert_eq!(title, format!("Demo provider {}", &account[..6]));
    let renamed = ok(&demo.run(&["accounts", "rename", account.as_str(), "Work demo"], ""));
    assert!(renamed.contains("Work demo"), "{renamed}");
    let accounts = json(&demo.run(&["accounts", "list", "--json"], ""));
    assert_eq!(accounts[0]["title"], "Work demo");
    fails(
        &demo.run(&["accounts", "rename", account.as_str(), "  "], ""),
        "title",
    );
    let credentials = json(&demo.run(&["credentials", "list", "--json"], ""));
    assert_eq!(credentials[0]["used_by"][0]["id"], account.as_str());
}

#[tokio::test]
async fn a_credential_in_use_is_not_removed() {
    let demo = Demo::new();
    demo.linked().await;
    fails(
        &demo.run(&["credentials", "remove", "demo_appcreds_demo"], ""),
        "in use",
    );
}

#[tokio::test]
async fn token_prints_a_fresh_token_without_the_provider_and_refreshes_through_it() {
    let demo = Demo::new();
    let account = demo.linked().await;
    // No provider runs now: a fresh token needs none.
    let token = ok(&demo.run(&["token", account.as_str()], ""));
    assert!(token.trim().starts_with("at-"), "{token}");
    // Without --demo, a demo account gets the hint instead of a confusing failure.
    let without_demo = run(
        &demo.dir(),
        &[
            "token",
            account.as_str(),
            "--refresh",
            "--external-url",
            demo.external.as_str(),
        ],
        "",
    );
    fails(&without_demo, "add --demo");
    // A refresh goes to the provider that `serve --demo` runs on the linked external URL.
    let server = serve_on(&demo.dir(), demo.port);
    let refreshed = json(&demo.run(&["token", account.as_str(), "--refresh", "--json"], ""));
    let new_token = refreshed["access_token"].as_str().unwrap();
    assert!(
        new_token.starts_with("at-") && new_token != token.trim(),
        "{refreshed}"
    );
    assert!(refreshed["expires_at"].as_u64().is_some());
    drop(server);
}

#[tokio::test]
async fn a_removed_account_frees_its_credential() {
    let demo = Demo::new();
    let account = demo.linked().await;
    let removed = ok(&demo.run(&["accounts", "remove", account.as_str()], ""));
    assert!(removed.contains("removed"), "{removed}");
    // The demo provider has no revocation endpoint (RFC 7009): the output says so.
    assert!(removed.contains("revocation: not_supported"), "{removed}");
    let deleted = ok(&demo.run(&["credentials", "remove", "demo_appcreds_demo"], ""));
    assert!(deleted.contains("deleted"), "{deleted}");
}

#[test]
fn link_device_and_register_say_why_the_demo_provider_cannot() {
    let demo = Demo::new();
    demo.add_credential();
    // The demo provider has no device authorization endpoint (RFC 8628) ...
    fails(
        &demo.run(&["link", "demo", "--device", "--timeout", "5"], ""),
        "no device authorization endpoint",
    );
    // ... and does not allow registering clients (RFC 7591).
    fails(
        &demo.run(&["link", "demo", "--register", "--timeout", "5"], ""),
        "does not allow registering a client",
    );
}
