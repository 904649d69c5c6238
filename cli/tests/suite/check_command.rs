//! `appcreds check`, run as the real binary on the real integrations: it passes, and it fails on a
//! stale catalogue until `--write-catalogue` regenerates it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

#[test]
fn passes_on_the_real_integrations_in_every_format() {
    let text = appcreds(&["check"]);
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
    assert_eq!(
        String::from_utf8(text.stdout).unwrap(),
        "appcreds check: ok\n"
    );

    let json = appcreds(&["check", "--format", "json"]);
    assert!(json.status.success());
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["problems"].as_array().unwrap().len(), 0);

    let github = appcreds(&["check", "--format", "github"]);
    assert!(github.status.success());
    assert!(github.stdout.is_empty());
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
