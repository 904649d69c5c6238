//! `appcreds check`, run as the real binary on the real integrations: it passes and says what it
//! checked, it fails on a stale catalogue until `--write-catalogue` regenerates it, and it cannot
//! pass on nothing. The example hosts of this package (`cli/examples`) link nothing
//! (`bare_host`) or the check fixture (`fixture_host`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::example_host;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn appcreds(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appcreds"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("the appcreds binary runs")
}

/// A fresh copy of the checked-in catalogue files, in a directory of its own.
fn catalogue_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("appcreds-check-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["catalogue.json", "INTEGRATIONS.md"] {
        std::fs::copy(workspace().join("integrations").join(file), dir.join(file)).unwrap();
    }
    dir
}

/// How many integrations the project's crate declares: one module file per domain.
fn project_integrations() -> usize {
    std::fs::read_dir(workspace().join("integrations/src"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && !p.ends_with("lib.rs"))
        .count()
}

/// Runs a binary's `check ARGS` in `dir`.
fn check_in(binary: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(binary)
        .arg("check")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the host binary runs")
}

#[test]
fn passes_on_the_real_integrations_and_says_what_it_checked() {
    let n = project_integrations();
    let text = appcreds(&["check"]);
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
    assert_eq!(
        String::from_utf8(text.stdout).unwrap(),
        format!("appcreds check: {n} integrations, 0 problems\n")
    );

    let json = appcreds(&["check", "--format", "json"]);
    assert!(json.status.success());
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["integrations"], n);
    assert_eq!(report["domains"].as_array().unwrap().len(), n);
    assert_eq!(report["problems"].as_array().unwrap().len(), 0);

    let github = appcreds(&["check", "--format", "github"]);
    assert!(github.status.success());
    assert_eq!(
        String::from_utf8(github.stdout).unwrap(),
        format!("::notice title=appcreds check::{n} integrations, 0 problems\n")
    );
}

#[test]
fn outside_the_repository_the_catalogue_is_found_where_it_is() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = check_in(
        Path::new(env!("CARGO_BIN_EXE_appcreds")),
        elsewhere.path(),
        &[],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // Nothing was compared against, or written into, the working directory.
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn fails_when_nothing_is_linked() {
    let bare = example_host("bare_host");
    let dir = tempfile::tempdir().unwrap();
    let output = check_in(&bare, dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("error[nothing_linked]: no integration is linked into this program, so nothing was checked; name each crate of integrations in the binary (`use my_integrations as _;`"),
        "{text}"
    );
    assert!(
        text.ends_with("appcreds check: 0 integrations, 1 problem\n"),
        "{text}"
    );

    let json = check_in(&bare, dir.path(), &["--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["integrations"], 0);
    assert_eq!(report["problems"][0]["code"], "nothing_linked");
    assert_eq!(report["problems"][0]["file"], serde_json::Value::Null);
}

#[test]
fn a_named_domain_or_crate_must_be_linked() {
    let one = appcreds(&["check", "--domains", "spotify"]);
    assert!(one.status.success());
    assert_eq!(
        String::from_utf8(one.stdout).unwrap(),
        "appcreds check: 1 integration, 0 problems\n"
    );

    let missing = appcreds(&["check", "--domains", "spotify,acme_nowhere"]);
    assert_eq!(missing.status.code(), Some(1));
    let text = String::from_utf8(missing.stdout).unwrap();
    assert!(
        text.starts_with(
            "error[not_linked]: domain `acme_nowhere` is not linked into this program;"
        ),
        "{text}"
    );

    let krate = appcreds(&["check", "--crate", "appcreds-integrations"]);
    assert!(krate.status.success());
    let absent = appcreds(&["check", "--crate", "my_integrations"]);
    assert_eq!(absent.status.code(), Some(1));
    assert!(
        String::from_utf8(absent.stdout)
            .unwrap()
            .starts_with("error[not_linked]: crate `my_integrations` registers no integration in this program; link it into the binary with `use my_integrations as _;`")
    );
}

/// A file of the check fixture, restored (or removed) when dropped.
struct FixtureFile {
    path: PathBuf,
    original: Option<String>,
}

impl FixtureFile {
    fn write(name: &str, text: &str) -> FixtureFile {
        let path = workspace()
            .join("tests/fixtures/check-fixture/src")
            .join(name);
        let original = std::fs::read_to_string(&path).ok();
        std::fs::write(&path, text).unwrap();
        FixtureFile { path, original }
    }
}

impl Drop for FixtureFile {
    fn drop(&mut self) {
        let _ = match &self.original {
            Some(text) => std::fs::write(&self.path, text),
            None => std::fs::remove_file(&self.path),
        };
    }
}

/// The check fixture's sidecar rules, in one test: the two cases touch its files in turn.
#[test]
fn a_stale_sidecar_fails() {
    let host = example_host("fixture_host");
    let dir = workspace();
    let args = ["--domains", "missing_description,duplicate_param"];
    let before = check_in(&host, &dir, &args);
    let text = String::from_utf8(before.stdout).unwrap();
    assert!(!text.contains("stale_sidecar"), "{text}");

    // A sidecar added after the build: the binary does not carry it.
    let added = FixtureFile::write(
        "missing_description.strings.json",
        r#"{"title": "Added", "application_credentials": {"description": "1. Add `{redirect_url}`."}}"#,
    );
    let output = check_in(&host, &dir, &args);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("error[stale_sidecar]: domain `missing_description`: `tests/fixtures/check-fixture/src/missing_description.strings.json` exists but this build did not see it (it was added after `tests/fixtures/check-fixture/src/missing_description.rs` was compiled)"),
        "{text}"
    );
    drop(added);

    // A sidecar edited after the build: the binary carries the old text.
    let original = std::fs::read_to_string(
        dir.join("tests/fixtures/check-fixture/src/duplicate_param.strings.json"),
    )
    .unwrap();
    let edited = FixtureFile::write(
        "duplicate_param.strings.json",
        &original.replacen("\"title\": \"", "\"title\": \"Edited ", 1),
    );
    let output = check_in(&host, &dir, &args);
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[stale_sidecar]: domain `duplicate_param`: `tests/fixtures/check-fixture/src/duplicate_param.strings.json` differs from the text this build embedded; rebuild the program"),
        "{text}"
    );
    drop(edited);
}

#[test]
fn a_stale_catalogue_fails_until_regenerated() {
    let dir = catalogue_copy("stale");
    let json_path = dir.join("catalogue.json");
    let fresh = std::fs::read_to_string(&json_path).unwrap();
    let stale = fresh.replacen("\"title\": \"Spotify\"", "\"title\": \"Spotfy\"", 1);
    assert_ne!(stale, fresh);
    std::fs::write(&json_path, &stale).unwrap();
    let stale_line = stale.lines().position(|l| l.contains("Spotfy")).unwrap() + 1;
    let dir_arg = dir.to_str().unwrap();

    let output = appcreds(&["check", "--catalogue-dir", dir_arg]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let expected = format!(
        "{}:{stale_line}: error[stale_catalogue]: catalogue.json is not up to date with the linked integrations (first difference at line {stale_line}); run `appcreds check --write-catalogue`",
        json_path.display()
    );
    assert!(text.contains(&expected), "{text}");

    let github = appcreds(&["check", "--catalogue-dir", dir_arg, "--format", "github"]);
    assert_eq!(github.status.code(), Some(1));
    let annotations = String::from_utf8(github.stdout).unwrap();
    assert!(
        annotations.starts_with(&format!(
            "::error file={},line={stale_line},title=appcreds check (stale_catalogue)::catalogue.json is not up to date",
            json_path.display().to_string().replace(':', "%3A")
        )),
        "{annotations}"
    );

    std::fs::remove_file(dir.join("INTEGRATIONS.md")).unwrap();
    let json = appcreds(&["check", "--catalogue-dir", dir_arg, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{report:#}");
    assert_eq!(problems[1]["code"], "stale_catalogue");
    assert_eq!(problems[1]["line"], 1);

    let write = appcreds(&["check", "--catalogue-dir", dir_arg, "--write-catalogue"]);
    assert!(write.status.success());
    assert_eq!(std::fs::read_to_string(&json_path).unwrap(), fresh);
    assert_eq!(
        std::fs::read_to_string(dir.join("INTEGRATIONS.md")).unwrap(),
        std::fs::read_to_string(workspace().join("integrations/INTEGRATIONS.md")).unwrap()
    );
    assert!(
        appcreds(&["check", "--catalogue-dir", dir_arg])
            .status
            .success()
    );
    std::fs::remove_dir_all(dir).unwrap();
}
