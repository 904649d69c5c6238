//! `acme-appcreds`, the example host binary: it lists ACME's integrations beside the project's,
//! and `check` validates them.

use std::process::{Command, Output};

fn acme_appcreds(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acme-appcreds"))
        .args(args)
        .output()
        .expect("acme-appcreds runs")
}

#[test]
fn lists_its_integrations_beside_the_projects() {
    let output = acme_appcreds(&["integrations", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let domains: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["domain"].as_str().unwrap())
        .collect();
    for domain in ["acme_chat", "acme_cloud", "spotify", "strava", "google"] {
        assert!(domains.contains(&domain), "{domain} not in {domains:?}");
    }
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap_or_default())
        .collect();
    assert!(titles.contains(&"ACME Cloud"), "{titles:?}");
}

#[test]
fn checks_its_own_crate_and_everything_linked() {
    let own = acme_appcreds(&["check", "--crate", "acme-integrations"]);
    assert_eq!(
        String::from_utf8_lossy(&own.stdout),
        "appcreds check: 2 integrations, 0 problems\n"
    );
    assert!(own.status.success());

    let all = acme_appcreds(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(report["ok"], true, "{report:#}");
    let domains = report["domains"].as_array().unwrap();
    assert!(domains.iter().any(|d| d == "acme_cloud"));
    assert!(domains.iter().any(|d| d == "spotify"));
}
