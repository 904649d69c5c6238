//! `appcreds integrations`, run as the real binary.

use std::path::Path;

use crate::support::appcreds;

/// One domain per module file of the integrations crate: what the binary must list.
fn integration_modules() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../integrations/src");
    let mut domains: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "rs")
                && path.file_stem().is_some_and(|s| s != "lib")
        })
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    domains.sort();
    domains
}

#[test]
fn json_lists_every_linked_integration() {
    let output = appcreds(&["integrations", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    let domains: Vec<&str> = listed
        .iter()
        .map(|i| i["domain"].as_str().unwrap())
        .collect();
    // A module whose registrations the linker dropped would be missing here.
    assert_eq!(domains, integration_modules());
    assert!(domains.len() >= 100, "{} integrations", domains.len());
    // Issue 14: at least 50 carry a domain of more_providers.json with the endpoints given there.
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/data/more_providers.json")).unwrap();
    let beyond = reference["providers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|facts| {
            listed.iter().any(|i| {
                let server = &i["authorization_server"];
                i["domain"] == facts["domain"]
                    && server["authorize_url"] == facts["authorize_url"]
                    && server["token_url"] == facts["token_url"]
            })
        })
        .count();
    assert!(beyond >= 50, "{beyond} providers of more_providers.json");
    for integration in listed {
        assert!(
            integration["category"].is_string(),
            "{}: a category",
            integration["domain"]
        );
    }

    let mcp = listed.iter().find(|i| i["domain"] == "mcp").unwrap();
    assert_eq!(mcp["title"], "Model Context Protocol");
    assert_eq!(mcp["kind"], "auth_implementation");
    assert_eq!(mcp["url_input"], "server_url");
    assert!(mcp["authorization_server"].is_null());

    let fitbit = listed.iter().find(|i| i["domain"] == "fitbit").unwrap();
    assert_eq!(fitbit["title"], "Fitbit");
    assert_eq!(fitbit["kind"], "authorization_server");
    assert!(
        fitbit["source"]
            .as_str()
            .unwrap()
            .starts_with("integrations/src/fitbit.rs:")
    );
    let server = &fitbit["authorization_server"];
    assert_eq!(
        server["authorize_url"],
        "https://www.fitbit.com/oauth2/authorize"
    );
    assert_eq!(server["token_url"], "https://api.fitbit.com/oauth2/token");
    assert_eq!(server["client_auth"], "client_secret_basic");
    assert_eq!(server["pkce"], true);

    let google = listed
        .iter()
        .find(|i| i["domain"] == "google_tasks")
        .unwrap();
    let placeholders = google["description_placeholders"].as_object().unwrap();
    assert_eq!(
        placeholders["developer_console_url"],
        "https://console.cloud.google.com/apis/credentials"
    );
    assert_eq!(
        placeholders["redirect_url"],
        "http://127.0.0.1:8123/auth/external/callback"
    );
    assert!(
        google["placeholders_source"]
            .as_str()
            .unwrap()
            .starts_with("integrations/src/google_tasks.rs:")
    );
}

#[test]
fn text_lists_endpoints_and_options() {
    let output = appcreds(&["integrations", "--external-url", "https://home.example.com"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("spotify  Spotify  (integrations/src/spotify.rs:"),
        "{text}"
    );
    assert!(text.contains("client secret via HTTP Basic"), "{text}");
    assert!(
        text.contains("redirect_url = https://home.example.com/auth/external/callback"),
        "{text}"
    );
}

#[test]
fn a_bad_external_url_is_one_clear_line() {
    let output = appcreds(&["integrations", "--external-url", "home.example.com"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: --external-url: external URL `home.example.com` is not a URL"),
        "{stderr}"
    );
}
