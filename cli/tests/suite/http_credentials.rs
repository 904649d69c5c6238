//! The application-credential routes: their shapes and error codes, and that no answer carries
//! the client secret.

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Api, error_code};

const SPOTIFY_SECRET: &str = "spotify-secret-that-must-never-come-back";
const ROTATED_SECRET: &str = "another-secret-value";
const CREDENTIALS: &str = "/api/application_credentials";
const SPOTIFY: &str = "/api/application_credentials/spotify_spotify_client";

fn spotify() -> Value {
    json!({"domain": "spotify", "client_id": " spotify-client ", "client_secret": SPOTIFY_SECRET, "name": "Mine"})
}

/// A server with one Spotify credential: the server and the credential as answered.
async fn with_spotify() -> (Api, Value) {
    let mut api = Api::serve();
    let (status, created) = api.send(Method::POST, CREDENTIALS, spotify()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    (api, created)
}

#[tokio::test]
async fn config_lists_every_integration_with_its_exact_redirect_uri() {
    let mut api = Api::serve();
    let (status, config) = api.get("/api/application_credentials/config").await;
    assert_eq!(status, StatusCode::OK);
    let domains: Vec<&str> = config["domains"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        domains.contains(&"demo") && domains.contains(&"spotify"),
        "{domains:?}"
    );
    for domain in &domains {
        let integration = &config["integrations"][domain];
        assert!(integration["title"].is_string(), "{domain}");
        assert_eq!(
            integration["description_placeholders"]["redirect_url"],
            api.server.url("/auth/external/callback"),
            "{domain}"
        );
    }
    assert!(
        config["integrations"]["google"]["description"]
            .as_str()
            .unwrap()
            .contains("{developer_console_url}")
    );
}

#[tokio::test]
async fn a_created_credential_is_answered_and_listed_without_its_secret() {
    let (mut api, created) = with_spotify().await;
    assert_eq!(
        created,
        json!({"id": "spotify_spotify_client", "domain": "spotify", "client_id": "spotify-client", "name": "Mine", "auth_domain": null, "used_by": []})
    );
    let (status, list) = api.get(CREDENTIALS).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!([created]));
    api.assert_nothing_leaked(&[SPOTIFY_SECRET]);
}

#[tokio::test]
async fn the_same_client_twice_is_a_duplicate() {
    let (mut api, _) = with_spotify().await;
    let (status, body) = api.send(Method::POST, CREDENTIALS, spotify()).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "duplicate")
    );
    api.assert_nothing_leaked(&[SPOTIFY_SECRET]);
}

#[tokio::test]
async fn a_bad_credential_is_invalid_format_with_a_message() {
    let mut api = Api::serve();
    for bad in [
        json!({"domain": "nope", "client_id": "a", "client_secret": "b"}),
        json!({"domain": "spotify", "client_id": "", "client_secret": "b"}),
        json!({"domain": "spotify", "client_id": "a"}),
        json!({"domain": "spotify", "client_id": "a", "client_secret": "b", "extra": 1}),
    ] {
        let (status, body) = api.send(Method::POST, CREDENTIALS, bad.clone()).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_format"),
            "{bad} {body}"
        );
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
    let not_json = api
        .request(Method::POST, CREDENTIALS)
        .header(CONTENT_TYPE, "application/json")
        .body("{not json");
    let (status, body) = api.call(not_json).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_format")
    );
}

#[tokio::test]
async fn a_credential_is_renamed_and_its_secret_rotated() {
    let (mut api, _) = with_spotify().await;
    let (status, renamed) = api
        .send(Method::PATCH, SPOTIFY, json!({"name": "Renamed"}))
        .await;
    assert_eq!(
        (status, renamed["name"].as_str()),
        (StatusCode::OK, Some("Renamed"))
    );
    let rotate = json!({"client_secret": ROTATED_SECRET, "name": null});
    let (status, rotated) = api.send(Method::PATCH, SPOTIFY, rotate).await;
    assert_eq!(
        (status, &rotated["name"]),
        (StatusCode::OK, &Value::Null),
        "{rotated}"
    );
    let (status, body) = api.send(Method::PATCH, SPOTIFY, json!({})).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_format"),
        "a change must change something"
    );
    api.assert_nothing_leaked(&[SPOTIFY_SECRET, ROTATED_SECRET]);
}

#[tokio::test]
async fn unknown_ids_are_not_found_with_their_codes() {
    let mut api = Api::serve();
    let unknown = "/api/application_credentials/nope";
    let (status, body) = api.send(Method::PATCH, unknown, json!({"name": "x"})).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (status, body) = api.call(api.request(Method::DELETE, unknown)).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (status, body) = api
        .get("/api/application_credentials/config_entry/nope")
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "invalid_config_entry_id")
    );
}

#[tokio::test]
async fn a_deleted_credential_is_gone() {
    let (mut api, _) = with_spotify().await;
    let (status, _) = api.call(api.request(Method::DELETE, SPOTIFY)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, list) = api.get(CREDENTIALS).await;
    assert_eq!(list, json!([]));
}
