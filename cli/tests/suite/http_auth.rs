//! The API's door: every route wants the admin token, which the data directory keeps private,
//! and every route is in the OpenAPI document.

use appcreds_tests::server::Server;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::{Api, error_code};

const ROUTES: [(&str, &str); 15] = [
    ("GET", "/api/application_credentials/config"),
    ("GET", "/api/application_credentials"),
    ("POST", "/api/application_credentials"),
    ("PATCH", "/api/application_credentials/x"),
    ("DELETE", "/api/application_credentials/x"),
    ("GET", "/api/application_credentials/config_entry/x"),
    ("POST", "/api/flows"),
    ("POST", "/api/flows/x"),
    ("GET", "/api/flows/x"),
    ("GET", "/api/config_entries"),
    ("DELETE", "/api/config_entries/x"),
    ("PATCH", "/api/config_entries/x"),
    ("POST", "/api/config_entries/x/reauth"),
    ("POST", "/api/config_entries/x/token"),
    ("GET", "/api/openapi.json"),
];

#[tokio::test]
async fn every_api_route_wants_the_admin_token() {
    let api = Api::serve();
    let client = Server::client();
    for (method, path) in ROUTES {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        for auth in [None, Some("Bearer wrong-token"), Some("Basic abc")] {
            let mut request = client.request(method.clone(), api.server.url(path));
            if let Some(auth) = auth {
                request = request.header("authorization", auth);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} {auth:?}"
            );
            let body: Value = response.json().await.unwrap();
            assert_eq!(error_code(&body), "unauthorized", "{method} {path}");
        }
    }
}

#[test]
fn the_admin_token_is_kept_in_a_private_file() {
    let api = Api::serve();
    let admin_file = std::fs::read_to_string(api.dir().join("admin.token")).unwrap();
    assert_eq!(admin_file.trim(), api.server.admin_token);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(api.dir().join("admin.token"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document() {
    let mut api = Api::serve();
    let (_, doc) = api.get("/api/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{doc}");
    for (method, path) in ROUTES {
        let templated = path
            .replace(
                "/application_credentials/x",
                "/application_credentials/{id}",
            )
            .replace("/config_entry/x", "/config_entry/{entry_id}")
            .replace("/flows/x", "/flows/{flow_id}")
            .replace("/config_entries/x", "/config_entries/{id}");
        let operation = &doc["paths"][&templated][method.to_ascii_lowercase()];
        assert!(
            operation.is_object(),
            "{method} {templated} missing from openapi.json"
        );
    }
    assert!(doc["paths"]["/auth/external/callback"]["get"].is_object());
}
