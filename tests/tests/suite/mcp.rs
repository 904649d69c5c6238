//! The real `mcp` integration end to end through `App`, `Flows` and `Session` on a real store: the
//! authorization server is discovered from the per-account `server_url` (RFC 9728 then RFC 8414,
//! served by the strict mock provider), the flow links with PKCE S256, refreshes and reauth reuse
//! the account's stored URL, and bad URLs or a metadata issuer mismatch are refused.

use appcreds::linking::{AbortReason, CallbackQuery, FlowError, FlowStep, StartOptions};
use appcreds::{App, NewCredential};
use appcreds_integrations as _;
use appcreds_tests::mock_provider::{MockConfig, MockProvider};
use appcreds_tests::store_harness::{Kind, TestDb};
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use secrecy::SecretString;
use serde_json::json;

async fn app(db: &TestDb) -> App {
    App::builder()
        .data_dir(db.data_dir())
        .external_url("http://127.0.0.1:8123")
        .registry(appcreds_tests::registries::integrations())
        .build()
        .await
        .expect("the app starts")
}

async fn setup(config: MockConfig) -> (TestDb, App, MockProvider) {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let mock = MockProvider::start(config).await.unwrap();
    let app = app(&db).await;
    app.credentials()
        .create(NewCredential {
            domain: "mcp".to_owned(),
            client_id: mock.config().client_id.clone(),
            client_secret: SecretString::from(mock.config().client_secret.clone()),
            name: None,
        })
        .await
        .expect("the credential is stored");
    (db, app, mock)
}

fn authorize_url(step: &FlowStep) -> &appcreds::Url {
    match step {
        FlowStep::External { authorize_url, .. } => authorize_url,
        other => panic!("expected an external step, got {other:?}"),
    }
}

async fn callback(app: &App, mock: &MockProvider, step: &FlowStep) -> FlowStep {
    let location = mock.authorize(authorize_url(step)).await.unwrap();
    let query = CallbackQuery::parse(location.query().unwrap_or_default());
    app.flows().callback(&query).await.unwrap()
}

fn invalid_input(result: Result<FlowStep, FlowError>) -> String {
    match result {
        Err(error @ FlowError::InvalidInput { .. }) => {
            assert_eq!(error.code(), "invalid_input");
            error.to_string()
        }
        other => panic!("expected an invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn links_refreshes_and_reauthorizes_at_the_discovered_server() {
    let (db, app, mock) = setup(MockConfig::default()).await;
    let server_url = format!("{}mcp", mock.base_url());
    let step = app
        .flows()
        .start("mcp", StartOptions::user().input("server_url", &server_url))
        .await
        .unwrap();
    let url = authorize_url(&step);
    assert_eq!(
        url.as_str().split('?').next(),
        Some(mock.authorize_url().as_str())
    );
    let params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(params.contains(&("code_challenge_method".to_owned(), "S256".to_owned())));
    // No protected-resource metadata (404), so the origin's RFC 8414 document was used.
    assert_eq!(
        mock.requests_to("/.well-known/oauth-protected-resource/mcp")
            .len(),
        1
    );
    assert!(
        !mock
            .requests_to("/.well-known/oauth-authorization-server")
            .is_empty()
    );

    let FlowStep::CreateEntry { account, .. } = callback(&app, &mock, &step).await else {
        panic!("the account is linked");
    };
    let exchange = mock.last_token_request().unwrap();
    assert_eq!(exchange.param("grant_type"), Some("authorization_code"));
    assert!(exchange.param("code_verifier").is_some());
    let linked = app.store().account(&account.id).await.unwrap();
    assert_eq!(linked.inputs["server_url"], server_url);

    app.session(&account.id)
        .await
        .unwrap()
        .refresh()
        .await
        .expect("the refresh at the discovered token endpoint succeeds");
    let refresh = mock.last_token_request().unwrap();
    assert_eq!(refresh.param("grant_type"), Some("refresh_token"));
    assert_eq!(refresh.path, "/token");

    // Reauth without inputs reuses the stored URL.
    let step = app
        .flows()
        .start("mcp", StartOptions::reauth(&account.id))
        .await
        .unwrap();
    let done = callback(&app, &mock, &step).await;
    assert_eq!(done.abort_reason(), Some(AbortReason::ReauthSuccessful));
    db.cleanup().await;
}

#[tokio::test]
async fn follows_the_protected_resource_metadata_to_another_host() {
    let (db, app, mock) = setup(MockConfig::default()).await;
    // The MCP server: its own host, naming the mock as its authorization server.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server_url = format!("http://{}/v1/mcp", listener.local_addr().unwrap());
    let document = json!({"resource": server_url, "authorization_servers": [mock.issuer()]});
    let body = document.to_string();
    let router = Router::new().route(
        "/.well-known/oauth-protected-resource/v1/mcp",
        axum::routing::get(move || async move {
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await });

    let step = app
        .flows()
        .start("mcp", StartOptions::user().input("server_url", &server_url))
        .await
        .unwrap();
    assert!(
        authorize_url(&step)
            .as_str()
            .starts_with(&mock.authorize_url())
    );
    let linked = callback(&app, &mock, &step).await;
    assert!(matches!(linked, FlowStep::CreateEntry { .. }), "{linked:?}");
    db.cleanup().await;
}

#[tokio::test]
async fn refuses_missing_and_unacceptable_server_urls() {
    let (db, app, mock) = setup(MockConfig::default()).await;
    let flows = app.flows();
    let missing = invalid_input(flows.start("mcp", StartOptions::user()).await);
    assert!(missing.contains("missing input `server_url`"), "{missing}");
    for (url, expected) in [
        ("http://mcp.example.com/mcp", "must use `https`"),
        ("not a url", "is not an absolute URL"),
        ("https://user:pw@mcp.example.com/", "user information"),
        ("https://mcp.example.com/mcp#x", "fragment"),
    ] {
        let message = invalid_input(
            flows
                .start("mcp", StartOptions::user().input("server_url", url))
                .await,
        );
        assert!(message.contains(expected), "{url}: {message}");
        assert!(!message.contains("pw@"), "{message}");
    }
    let unknown = invalid_input(
        flows
            .start(
                "mcp",
                StartOptions::user()
                    .input("server_url", "https://mcp.example.com")
                    .input("tenant", "x"),
            )
            .await,
    );
    assert!(unknown.contains("unknown input `tenant`"), "{unknown}");
    assert!(mock.requests().is_empty(), "nothing reaches any server");
    db.cleanup().await;
}

#[tokio::test]
async fn refuses_metadata_naming_another_issuer() {
    let (db, app, mock) = setup(MockConfig {
        metadata_issuer: Some("https://evil.example.com".to_owned()),
        ..MockConfig::default()
    })
    .await;
    let server_url = format!("{}mcp", mock.base_url());
    let step = app
        .flows()
        .start("mcp", StartOptions::user().input("server_url", &server_url))
        .await
        .unwrap();
    assert_eq!(
        step.abort_reason(),
        Some(AbortReason::OauthImplementationUnavailable)
    );
    assert!(mock.requests_to("/authorize").is_empty());
    db.cleanup().await;
}

/// An `mcp` credential belongs to the authorization server it was first used with. A hostile
/// MCP server (its own discovery documents, its own token endpoint, over real HTTP) named by a
/// later flow never receives the client secret: the flow is refused before anything is sent, with
/// an error that says why.
#[tokio::test]
async fn a_credential_is_bound_to_its_first_server_and_refused_elsewhere() {
    let (db, app, mock) = setup(MockConfig::default()).await;
    let server_url = format!("{}mcp", mock.base_url());
    let step = app
        .flows()
        .start("mcp", StartOptions::user().input("server_url", &server_url))
        .await
        .unwrap();
    let FlowStep::CreateEntry { account, .. } = callback(&app, &mock, &step).await else {
        panic!("the account is linked");
    };
    let linked = app.store().account(&account.id).await.unwrap();
    let credential = app
        .accounts()
        .credential_of(&linked)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credential.bound_issuer.as_deref(), Some(mock.issuer()));

    let hostile = MockProvider::start(MockConfig::default()).await.unwrap();
    let hostile_url = format!("{}mcp", hostile.base_url());
    let step = app
        .flows()
        .start(
            "mcp",
            StartOptions::user().input("server_url", &hostile_url),
        )
        .await
        .unwrap();
    assert_eq!(
        step.abort_reason(),
        Some(AbortReason::OauthImplementationUnavailable),
        "{step:?}"
    );
    let FlowStep::Abort { message, .. } = &step else {
        unreachable!()
    };
    assert!(
        message.contains(&format!(
            "belongs to the authorization server `{}`",
            mock.issuer()
        )) && message.contains(hostile.issuer()),
        "{message}"
    );
    assert!(hostile.token_requests().is_empty(), "no token request");
    let secret = &hostile.config().client_secret;
    for request in hostile.requests() {
        let seen = format!("{:?} {:?} {}", request.query, request.headers, request.body);
        assert!(!seen.contains(secret.as_str()), "{seen}");
        assert!(
            !request
                .headers
                .iter()
                .any(|(name, _)| name == "authorization"),
            "{request:?}"
        );
    }

    // The first server still works with the same credential.
    let again = app
        .flows()
        .start("mcp", StartOptions::user().input("server_url", &server_url))
        .await
        .unwrap();
    assert!(matches!(again, FlowStep::External { .. }), "{again:?}");
    db.cleanup().await;
}
