//! `App::builder().build()`: discovery, store, and `appcreds.toml` imported at start-up.

use appcreds::{App, AppError};
use appcreds_check_fixture as _;
use appcreds_integrations as _;
use secrecy::ExposeSecret;

#[tokio::test]
async fn appcreds_toml_is_imported_at_start_up_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("appcreds.toml"),
        "[credentials.spotify]\nclient_id = \"  spotify-client \"\nclient_secret = \"toml-secret\"\n\n[credentials.fitbit]\nclient_id = \"fit\"\nclient_secret = \"s\"\nname = \"Mine\"\n",
    )
    .unwrap();
    for _ in 0..2 {
        let app = App::builder().data_dir(dir.path()).build().await.unwrap();
        let credentials = app.credentials().list().await.unwrap();
        let summary: Vec<_> = credentials
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_deref(), c.auth_domain.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                ("fitbit_fit", Some("Mine"), Some("fitbit")),
                (
                    "spotify_spotify_client",
                    Some("Import from configuration"),
                    Some("spotify")
                ),
            ]
        );
        let secret = app
            .credentials()
            .reveal("spotify_spotify_client")
            .await
            .unwrap();
        assert_eq!(secret.secret().expose_secret(), "toml-secret");
    }
}

#[tokio::test]
async fn a_broken_integration_is_unavailable_and_blocks_no_other() {
    // This binary links the `check` fixture, whose registrations break every registry rule.
    let dir = tempfile::tempdir().unwrap();
    let app = App::builder().data_dir(dir.path()).build().await.unwrap();
    let registry = app.registry();
    let unavailable: Vec<(&str, &str)> = registry
        .problems()
        .iter()
        .map(|p| (p.domain(), p.code()))
        .collect();
    for expected in [
        ("both", "server_and_implementation"),
        ("orphan", "placeholders_without_server"),
        ("Hand-Domain", "invalid_domain"),
    ] {
        assert!(unavailable.contains(&expected), "{unavailable:?}");
    }
    assert!(registry.get("both").is_none());
    assert!(registry.get("spotify").is_some());
    let step = app
        .flows()
        .start("both", appcreds::StartOptions::user())
        .await
        .unwrap();
    assert_eq!(
        step.abort_reason(),
        Some(appcreds::linking::AbortReason::MissingConfiguration)
    );
}

#[tokio::test]
async fn a_bad_config_file_stops_start_up_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("appcreds.toml"),
        "[credentials.no_such_domain]\nclient_id = \"a\"\nclient_secret = \"b\"\n",
    )
    .unwrap();
    let error = App::builder()
        .data_dir(dir.path())
        .build()
        .await
        .unwrap_err();
    assert!(matches!(error, AppError::Config(_)), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("appcreds.toml: ") && message.contains("no_such_domain"),
        "{message}"
    );
}

#[tokio::test]
async fn a_bad_external_url_stops_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let error = App::builder()
        .data_dir(dir.path())
        .external_url("example.com")
        .build()
        .await
        .unwrap_err();
    assert!(matches!(error, AppError::Context(_)), "{error:?}");
}
