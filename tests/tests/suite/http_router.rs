//! The HTTP router in process: status and error codes with `tower::ServiceExt::oneshot`, the
//! OpenAPI document against what the router answers, page sessions shared by two `App`s over one
//! database (over real HTTP), and credentials created and deleted concurrently.

use std::net::SocketAddr;

use appcreds::http::{AdminToken, HttpConfig, router};
use appcreds::{App, CredentialError, NewCredential};
use appcreds_tests::on_both_backends;
use appcreds_tests::registries;
use appcreds_tests::store_harness::{Kind, TestDb};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use secrecy::SecretString;
use serde_json::{Value, json};
use tower::ServiceExt as _;

const TOKEN: &str = "router-test-admin-token-0123456789abcdef";
const EXTERNAL: &str = "http://127.0.0.1:8123";

async fn app_on(db: &TestDb) -> App {
    let mut builder = App::builder()
        .data_dir(db.data_dir())
        .external_url(EXTERNAL)
        .registry(registries::plain(&["spotify", "other"]));
    if let Some(url) = &db.url {
        builder = builder.database_url(url);
    }
    builder.build().await.expect("the app builds")
}

fn admin(token: &str) -> AdminToken {
    AdminToken::new(SecretString::from(token.to_owned()))
}

async fn sqlite_router() -> (TestDb, Router) {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let app = app_on(&db).await;
    (db, router(app, HttpConfig::new(admin(TOKEN))))
}

/// Sends `method path` with the admin token and `body` (raw JSON text): status and JSON.
async fn call(
    router: &Router,
    method: Method,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The body is exactly `{"error": {"code", "message"}}` with `code`.
fn assert_error(body: &Value, code: &str) {
    let error = body["error"]
        .as_object()
        .unwrap_or_else(|| panic!("{body}"));
    let mut keys: Vec<&str> = error.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["code", "message"], "{body}");
    assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
    assert_eq!(error["code"], code, "{body}");
    assert!(!error["message"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn without_the_admin_token_every_route_is_401_unauthorized() {
    let (_db, router) = sqlite_router().await;
    let request = Request::get("/api/application_credentials")
        .body(Body::empty())
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    assert_error(&serde_json::from_slice(&bytes).unwrap(), "unauthorized");
}

#[tokio::test]
async fn bodies_that_are_not_objects_are_400_invalid_format() {
    let (_db, router) = sqlite_router().await;
    for (method, path, body) in [
        (
            Method::POST,
            "/api/application_credentials",
            r#"["spotify", "id", "secret"]"#,
        ),
        (
            Method::PATCH,
            "/api/application_credentials/spotify_id",
            "[null, null]",
        ),
        (Method::POST, "/api/flows", r#"["spotify"]"#),
        (Method::POST, "/api/config_entries/x/token", "[true]"),
        (Method::POST, "/api/config_entries/x/token", "not json"),
    ] {
        let (status, answer) = call(&router, method.clone(), path, Some(body)).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{method} {path} {body}: {answer}"
        );
        assert_error(&answer, "invalid_format");
    }
}

#[tokio::test]
async fn a_patch_that_changes_nothing_is_refused() {
    let (_db, router) = sqlite_router().await;
    let created = json!({"domain": "spotify", "client_id": "id", "client_secret": "s"}).to_string();
    let (status, _) = call(
        &router,
        Method::POST,
        "/api/application_credentials",
        Some(&created),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    for body in [
        "{}",
        r#"{"client_secret": null}"#,
        r#"{"name": null, "client_secret": null}"#,
    ] {
        let (status, answer) = call(
            &router,
            Method::PATCH,
            "/api/application_credentials/spotify_id",
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert_error(&answer, "invalid_format");
    }
    // `null` for the name is a change: it removes the name.
    let (status, answer) = call(
        &router,
        Method::PATCH,
        "/api/application_credentials/spotify_id",
        Some(r#"{"name": null}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test]
async fn empty_strings_unknown_routes_and_wrong_methods_answer_error_bodies() {
    let (_db, router) = sqlite_router().await;
    let empty = json!({"domain": "", "client_id": "id", "client_secret": "s"}).to_string();
    let (status, body) = call(
        &router,
        Method::POST,
        "/api/application_credentials",
        Some(&empty),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "invalid_format");
    let (status, body) = call(&router, Method::GET, "/api/nothing/here", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "not_found");
    let (status, body) = call(&router, Method::PUT, "/api/flows", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_error(&body, "method_not_allowed");
    let (status, body) = call(&router, Method::GET, "/api/flows/unknown", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "unknown_flow");
    let (status, body) = call(
        &router,
        Method::DELETE,
        "/api/application_credentials/nope",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "not_found");
    let big = format!(r#"{{"domain": "{}"}}"#, "x".repeat(70 * 1024));
    let (status, body) = call(&router, Method::POST, "/api/flows", Some(&big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error(&body, "payload_too_large");
}

#[tokio::test]
async fn the_document_declares_the_shared_answers_once_and_every_status_sent() {
    let doc = serde_json::to_value(appcreds::http::openapi()).unwrap();
    let shared = &doc["components"]["responses"];
    for name in [
        "Unauthorized",
        "CsrfFailed",
        "InvalidFormat",
        "PayloadTooLarge",
        "NotFound",
    ] {
        assert!(shared[name].is_object(), "{name} missing");
    }
    let operation = |path: &str, method: &str| doc["paths"][path][method].clone();
    let refs = |op: &Value, status: &str| op["responses"][status].clone();
    let create = operation("/api/application_credentials", "post");
    assert_eq!(
        refs(&create, "401")["$ref"],
        "#/components/responses/Unauthorized"
    );
    assert_eq!(
        refs(&create, "403")["$ref"],
        "#/components/responses/CsrfFailed"
    );
    assert_eq!(
        refs(&create, "413")["$ref"],
        "#/components/responses/PayloadTooLarge"
    );
    assert!(refs(&create, "400").is_object());
    let list = operation("/api/application_credentials", "get");
    assert!(refs(&list, "403").is_null(), "a GET never checks CSRF");
    let token = operation("/api/config_entries/{id}/token", "post");
    for status in ["400", "401", "403", "404", "409", "413", "502"] {
        assert!(
            refs(&token, status).is_object(),
            "token route: {status} undocumented"
        );
    }
    let update = &doc["components"]["schemas"]["UpdateCredentialBody"];
    assert_eq!(update["minProperties"], 1, "{update}");
    assert!(update["maxProperties"].is_null(), "{update}");
    let create_body = &doc["components"]["schemas"]["CreateCredentialBody"];
    assert_eq!(create_body["properties"]["domain"]["minLength"], 1);
    assert_eq!(create_body["required"], json!(["domain", "client_id"]));
}

/// Serves `app` with `token` on a loopback port: the base URL.
async fn serve(app: App, token: &str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let service = router(app, HttpConfig::new(admin(token)))
        .into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    format!("http://{address}")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn log_in(base: &str, token: &str) -> String {
    let login = client()
        .post(format!("{base}/login"))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let cookie = login.headers()[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

async fn api_status(base: &str, cookie: &str) -> StatusCode {
    client()
        .get(format!("{base}/api/application_credentials"))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .status()
}

async fn csrf_of(base: &str, cookie: &str) -> String {
    let html = client()
        .get(format!("{base}/"))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    appcreds_tests::demo_user::hidden_fields(&html)
        .into_iter()
        .find(|(name, _)| name == "csrf_token")
        .map(|(_, value)| value)
        .expect("a CSRF field")
}

/// Logout on one instance ends the session on another instance over the same database; a new
/// admin token ends every session.
async fn sessions_are_shared_and_revocable(kind: Kind) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let first = serve(app_on(&db).await, TOKEN).await;
    let second = serve(app_on(&db).await, TOKEN).await;
    let cookie = log_in(&first, TOKEN).await;
    assert_eq!(api_status(&second, &cookie).await, StatusCode::OK);
    let csrf = csrf_of(&first, &cookie).await;
    let logout = client()
        .post(format!("{first}/logout"))
        .header(header::COOKIE, &cookie)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::SEE_OTHER);
    assert_eq!(api_status(&first, &cookie).await, StatusCode::UNAUTHORIZED);
    assert_eq!(api_status(&second, &cookie).await, StatusCode::UNAUTHORIZED);

    // The admin token changes: the sessions opened under the old one are over.
    let kept = log_in(&first, TOKEN).await;
    let renewed = "renewed-admin-token-abcdefghijklmnopqrstuvwxyz";
    let after_change = serve(app_on(&db).await, renewed).await;
    assert_eq!(
        api_status(&after_change, &kept).await,
        StatusCode::UNAUTHORIZED
    );
    let fresh = log_in(&after_change, renewed).await;
    assert_eq!(api_status(&after_change, &fresh).await, StatusCode::OK);
    db.cleanup().await;
}

/// Creating and deleting one credential at the same time never answers `in_use` with nobody
/// using it.
async fn concurrent_create_and_delete_never_claim_an_empty_in_use(kind: Kind) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let app = app_on(&db).await;
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..40 {
                if worker % 2 == 0 {
                    let _ = app
                        .credentials()
                        .create(NewCredential {
                            domain: "spotify".into(),
                            client_id: "raced".into(),
                            client_secret: SecretString::from("s".to_owned()),
                            name: None,
                        })
                        .await;
                } else if let Err(CredentialError::InUse { accounts, .. }) =
                    app.credentials().delete("spotify_raced").await
                {
                    return Err(accounts.len());
                }
            }
            Ok(())
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), Ok(()), "in_use with no account");
    }
    db.cleanup().await;
}

on_both_backends!(
    sessions_are_shared_and_revocable,
    concurrent_create_and_delete_never_claim_an_empty_in_use
);
