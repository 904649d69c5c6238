//! Options that need more than one token request to show on the wire, end to end through
//! `App`, `Flows` and `Session` on a real store against the strict mock provider: URL templates
//! filled from validated per-account inputs (Nest's `{project_id}`, OneDrive for Business's
//! `{tenant_id}`), kept with the account across refreshes and restarts; the context's redirect URI
//! re-sent on refresh (Geocaching); a separate refresh endpoint (Figma); a JSON token-request body
//! (Notion); a renamed client-id parameter (TikTok); a token nested under another key only when
//! the top level has none (Slack); callback and token-response values kept with the account
//! (QuickBooks, Salesforce); and RFC 8414 discovery over HTTP. The single-request options
//! (Basic, Withings, scopes, PKCE off, public clients, Overkiz' query) are in
//! `local_implementation.rs`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use appcreds::discovery::{self, DiscoveryError};
use appcreds::linking::{AbortReason, CallbackQuery, FlowError, FlowStep, StartOptions};
use appcreds::oauth::TokenClient;
use appcreds::prelude::*;
use appcreds::{AccountInputs, App, NewCredential, Registry, Url};
use appcreds_tests::mock_provider::{MockClientAuth, MockConfig, MockProvider};
use appcreds_tests::store_harness::{Kind, TestDb};
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

const EXTERNAL_URL: &str = "http://127.0.0.1:8123";
const REDIRECT_URI: &str = "http://127.0.0.1:8123/auth/external/callback";

/// OneDrive for Business' shape: both endpoints under a per-account tenant.
fn tenant_server(base: &Url) -> AuthorizationServer {
    AuthorizationServer::new(
        format!("{base}tenants/{{tenant_id}}/authorize"),
        format!("{base}tenants/{{tenant_id}}/token"),
    )
    .input("tenant_id", "[A-Za-z0-9][A-Za-z0-9.-]{0,63}")
    .scopes(["Files.ReadWrite.All", "offline_access"])
}

/// Geocaching's shape: refreshes carry the redirect URI.
fn geocaching_server(base: &Url) -> AuthorizationServer {
    AuthorizationServer::new(format!("{base}authorize"), format!("{base}token"))
        .scopes(["*"])
        .redirect_uri_on_refresh(true)
}

/// How a test declares its server for a mock at this base URL.
type Declare = fn(&Url) -> AuthorizationServer;

/// Figma's shape: refreshes go to their own endpoint.
fn figma_server(base: &Url) -> AuthorizationServer {
    AuthorizationServer::new(format!("{base}authorize"), format!("{base}token"))
        .refresh_url(format!("{base}refresh"))
}

/// Notion's shape: a JSON token-request body with HTTP Basic client authentication.
fn notion_server(base: &Url) -> AuthorizationServer {
    AuthorizationServer::new(format!("{base}authorize"), format!("{base}token"))
        .token_body(TokenBody::Json)
        .client_auth(ClientAuth::ClientSecretBasic)
}

/// A JSON token-request body with the client's id and secret in it.
fn json_post_server(base: &Url) -> AuthorizationServer {
    AuthorizationServer::new(format!("{base}authorize"), format!("{base}token"))
        .token_body(TokenBody::Json)
}

/// TikTok's shape: the client id is `client_key`.
fn tiktok_server(base: &Url) -> AuthorizationServer {
    AuthorizationServer::new(format!("{base}authorize"), format!("{base}token"))
        .client_id_param("client_key")
}

/// monday.com's shape: no `response_type` in the authorize URL.
fn monday_server(base: &Url) -> AuthorizationServer {
    AuthorizationServer::new(format!("{base}authorize"), format!("{base}token"))
        .send_response_type(false)
}

/// Slack's shape: a user token under `authed_user` when the top level has none.
fn slack_server(base: &Url) -> AuthorizationServer {
    AuthorizationServer::new(format!("{base}authorize"), format!("{base}token"))
        .token_response_fallback_path("authed_user")
}

/// QuickBooks' `realmId` from the callback and Salesforce's `instance_url` from the token.
fn account_values_server(base: &Url) -> AuthorizationServer {
    AuthorizationServer::new(format!("{base}authorize"), format!("{base}token"))
        .callback_value("realmId")
        .token_value("instance_url")
}

/// Links one account of `domain` (declared by `declare`) at a mock configured by `config`, on a
/// fresh SQLite store: the app, the mock and the account's id.
async fn linked(
    domain: &'static str,
    config: MockConfig,
    declare: fn(&Url) -> AuthorizationServer,
) -> (TestDb, App, MockProvider, String) {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let mock = MockProvider::start(config).await.unwrap();
    let app = app(&db, registry(domain, &mock, declare)).await;
    add_credential(&app, domain, &mock).await;
    let step = app
        .flows()
        .start(domain, StartOptions::user())
        .await
        .unwrap();
    let account_id = finish(&app, &mock, step).await;
    (db, app, mock, account_id)
}

/// A registry of the one integration `domain`, whose server `declare` makes for `mock`.
fn registry(
    domain: &'static str,
    mock: &MockProvider,
    declare: fn(&Url) -> AuthorizationServer,
) -> Registry {
    let base = mock.base_url().clone();
    Registry::builder()
        .authorization_server(domain, move |_ctx| {
            let server = declare(&base);
            async move { Ok::<_, std::convert::Infallible>(server) }
        })
        .build()
        .strict()
        .expect("a valid registry")
}

async fn app(db: &TestDb, registry: Registry) -> App {
    let mut builder = App::builder()
        .data_dir(db.data_dir())
        .external_url(EXTERNAL_URL)
        .registry(registry);
    if let Some(url) = &db.url {
        builder = builder.database_url(url);
    }
    builder.build().await.expect("the app starts")
}

async fn add_credential(app: &App, domain: &str, mock: &MockProvider) {
    app.credentials()
        .create(NewCredential {
            domain: domain.to_owned(),
            client_id: mock.config().client_id.clone(),
            client_secret: SecretString::from(mock.config().client_secret.clone()),
            name: None,
        })
        .await
        .expect("the credential is stored");
}

/// Plays the browser on `step`'s authorize URL and hands the callback to the flows: the new
/// account's id.
async fn finish(app: &App, mock: &MockProvider, step: FlowStep) -> String {
    let FlowStep::External { authorize_url, .. } = step else {
        panic!("expected an external step, got {step:?}");
    };
    let location = mock.authorize(&authorize_url).await.unwrap();
    let query = CallbackQuery::parse(location.query().unwrap_or_default());
    match app.flows().callback(&query).await.unwrap() {
        FlowStep::CreateEntry { account, .. } => account.id,
        other => panic!("expected a linked account, got {other:?}"),
    }
}

/// Refreshes the account now and returns the path the refresh was posted to.
async fn refreshed_at(app: &App, mock: &MockProvider, account_id: &str) -> String {
    app.session(account_id)
        .await
        .unwrap()
        .refresh()
        .await
        .expect("the refresh succeeds");
    let refresh = mock.last_token_request().unwrap();
    assert_eq!(refresh.param("grant_type"), Some("refresh_token"));
    refresh.path
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

async fn template_inputs_on(kind: Kind) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let mock = MockProvider::start(MockConfig::default()).await.unwrap();
    let registry = registry("wire_tenant", &mock, tenant_server);
    let app = app(&db, registry.clone()).await;
    add_credential(&app, "wire_tenant", &mock).await;
    let inputs = app
        .registry()
        .get("wire_tenant")
        .unwrap()
        .inputs(app.context())
        .await
        .unwrap();
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].name(), "tenant_id");

    let flows = app.flows();
    let missing = invalid_input(flows.start("wire_tenant", StartOptions::user()).await);
    assert!(missing.contains("`tenant_id` is required"), "{missing}");
    assert!(missing.contains("StartOptions::input"), "{missing}");
    for evil in [
        "evil.example/x",
        "user@evil.example",
        "a?b",
        "a#b",
        "a%2F",
        "a b",
    ] {
        let start = StartOptions::user().input("tenant_id", evil);
        let message = invalid_input(flows.start("wire_tenant", start).await);
        assert!(message.contains("`tenant_id`"), "{evil}: {message}");
    }
    let unknown = StartOptions::user()
        .input("tenant_id", "contoso")
        .input("region", "eu");
    let message = invalid_input(flows.start("wire_tenant", unknown).await);
    assert!(message.contains("unknown input `region`"), "{message}");
    assert!(mock.requests().is_empty(), "nothing reached the provider");

    let start = StartOptions::user().input("tenant_id", "contoso.onmicrosoft.com");
    let step = flows.start("wire_tenant", start).await.unwrap();
    let FlowStep::External { authorize_url, .. } = &step else {
        panic!("{step:?}");
    };
    assert_eq!(authorize_url.host_str(), mock.base_url().host_str());
    assert_eq!(authorize_url.port(), mock.base_url().port());
    assert_eq!(
        authorize_url.path(),
        "/tenants/contoso.onmicrosoft.com/authorize"
    );
    let account_id = finish(&app, &mock, step).await;
    let exchange = mock.last_token_request().unwrap();
    assert_eq!(exchange.path, "/tenants/contoso.onmicrosoft.com/token");
    assert_eq!(exchange.param("grant_type"), Some("authorization_code"));

    let account = app.store().account(&account_id).await.unwrap();
    let expected =
        AccountInputs::from([("tenant_id".to_owned(), "contoso.onmicrosoft.com".to_owned())]);
    assert_eq!(account.inputs, expected);

    let tenant_token = "/tenants/contoso.onmicrosoft.com/token";
    assert_eq!(refreshed_at(&app, &mock, &account_id).await, tenant_token);

    // Another instance on the same database (a restart) still refreshes at the account's tenant.
    let restarted = self::app(&db, registry).await;
    assert_eq!(
        refreshed_at(&restarted, &mock, &account_id).await,
        tenant_token
    );
    assert_eq!(mock.refresh_count(), 2);

    // A reauth reuses the account's inputs; a new value replaces them once the flow succeeds.
    let step = flows
        .start("wire_tenant", StartOptions::reauth(&account_id))
        .await
        .unwrap();
    let FlowStep::External { authorize_url, .. } = &step else {
        panic!("{step:?}");
    };
    assert_eq!(
        authorize_url.path(),
        "/tenants/contoso.onmicrosoft.com/authorize"
    );
    let moved = StartOptions::reauth(&account_id).input("tenant_id", "fabrikam");
    let step = flows.start("wire_tenant", moved).await.unwrap();
    let FlowStep::External { authorize_url, .. } = step else {
        panic!("{step:?}");
    };
    let location = mock.authorize(&authorize_url).await.unwrap();
    let query = CallbackQuery::parse(location.query().unwrap_or_default());
    let done = flows.callback(&query).await.unwrap();
    assert_eq!(done.abort_reason(), Some(AbortReason::ReauthSuccessful));
    let account = app.store().account(&account_id).await.unwrap();
    assert_eq!(account.inputs["tenant_id"], "fabrikam");
    assert_eq!(
        refreshed_at(&app, &mock, &account_id).await,
        "/tenants/fabrikam/token"
    );
    drop((app, restarted));
    db.cleanup().await;
}

/// One test for both backends, one after the other: they share the `wire_tenant` domain.
#[tokio::test]
async fn template_inputs_are_validated_and_kept_with_the_account() {
    template_inputs_on(Kind::Sqlite).await;
    template_inputs_on(Kind::Postgres).await;
}

#[tokio::test]
async fn refreshes_resend_the_context_redirect_uri() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let mock = MockProvider::start(MockConfig {
        require_redirect_uri_on_refresh: true,
        redirect_uris: vec![REDIRECT_URI.to_owned()],
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let app = app(&db, registry("wire_geocaching", &mock, geocaching_server)).await;
    add_credential(&app, "wire_geocaching", &mock).await;
    let step = app
        .flows()
        .start("wire_geocaching", StartOptions::user())
        .await
        .unwrap();
    let account_id = finish(&app, &mock, step).await;
    let token = app.session(&account_id).await.unwrap().refresh().await;
    token.expect("the strict mock accepts the refresh");
    let refresh = mock.last_token_request().unwrap();
    assert_eq!(refresh.param("grant_type"), Some("refresh_token"));
    assert_eq!(refresh.param("redirect_uri"), Some(REDIRECT_URI));
    db.cleanup().await;
}

#[tokio::test]
async fn refresh_url_receives_the_refreshes() {
    let config = MockConfig {
        separate_refresh_endpoint: true,
        ..MockConfig::default()
    };
    let (db, app, mock, account_id) = linked("wire_figma", config, figma_server).await;
    assert_eq!(mock.last_token_request().unwrap().path, "/token");
    assert_eq!(refreshed_at(&app, &mock, &account_id).await, "/refresh");
    assert_eq!(refreshed_at(&app, &mock, &account_id).await, "/refresh");
    assert_eq!(mock.refresh_count(), 2);
    db.cleanup().await;
}

#[tokio::test]
async fn token_body_json_sends_every_parameter_as_json() {
    let shapes: [(&'static str, MockClientAuth, Declare); 2] = [
        (
            "wire_notion",
            MockClientAuth::ClientSecretBasic,
            notion_server,
        ),
        (
            "wire_json_post",
            MockClientAuth::ClientSecretPost,
            json_post_server,
        ),
    ];
    for (domain, client_auth, declare) in shapes {
        let config = MockConfig {
            json_token_body: true,
            client_auth,
            ..MockConfig::default()
        };
        let (db, app, mock, account_id) = linked(domain, config, declare).await;
        let exchange = mock.last_token_request().unwrap();
        assert_eq!(exchange.header("content-type"), Some("application/json"));
        let body: serde_json::Value = serde_json::from_str(&exchange.body).unwrap();
        assert_eq!(body["grant_type"], "authorization_code", "{domain}");
        assert!(body["code_verifier"].is_string(), "{domain}");
        assert_eq!(
            body.get("client_secret").is_some(),
            client_auth == MockClientAuth::ClientSecretPost,
            "{domain}"
        );
        refreshed_at(&app, &mock, &account_id).await;
        let refresh = mock.last_token_request().unwrap();
        assert_eq!(refresh.header("content-type"), Some("application/json"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn client_id_param_renames_the_client_id_everywhere() {
    let config = MockConfig {
        client_id_param: "client_key".to_owned(),
        ..MockConfig::default()
    };
    let (db, app, mock, account_id) = linked("wire_tiktok", config, tiktok_server).await;
    let authorize = &mock.requests()[0];
    assert_eq!(authorize.path, "/authorize");
    assert_eq!(authorize.param("client_key"), Some("mock-client"));
    assert_eq!(authorize.param("client_id"), None);
    let exchange = mock.last_token_request().unwrap();
    assert_eq!(exchange.param("client_key"), Some("mock-client"));
    assert_eq!(exchange.param("client_id"), None);
    refreshed_at(&app, &mock, &account_id).await;
    let refresh = mock.last_token_request().unwrap();
    assert_eq!(refresh.param("client_key"), Some("mock-client"));
    db.cleanup().await;
}

#[tokio::test]
async fn send_response_type_false_leaves_it_out_of_the_authorize_url() {
    let config = MockConfig {
        refuse_response_type: true,
        ..MockConfig::default()
    };
    let (db, _app, mock, _account_id) = linked("wire_monday", config, monday_server).await;
    let authorize = &mock.requests()[0];
    assert_eq!(authorize.path, "/authorize");
    assert_eq!(authorize.param("response_type"), None);
    assert_eq!(authorize.param("client_id"), Some("mock-client"));
    assert_eq!(
        mock.last_token_request().unwrap().param("grant_type"),
        Some("authorization_code")
    );
    db.cleanup().await;
}

#[tokio::test]
async fn token_response_fallback_path_reads_a_nested_user_token() {
    let config = MockConfig {
        wrap_token_response: Some("authed_user".to_owned()),
        ..MockConfig::default()
    };
    let (db, app, mock, account_id) = linked("wire_slack", config, slack_server).await;
    let session = app.session(&account_id).await.unwrap();
    let token = session.token().await.unwrap();
    assert!(
        !token.access_token.expose_secret().is_empty(),
        "the nested token"
    );
    assert_eq!(
        token.extra["status"], 0,
        "top-level fields are kept beside it"
    );
    assert!(!token.extra.contains_key("authed_user"));
    let refreshed = session
        .refresh()
        .await
        .expect("the nested refresh answer is read");
    assert_ne!(
        refreshed.access_token.expose_secret(),
        token.access_token.expose_secret()
    );
    assert_eq!(mock.refresh_count(), 1);
    db.cleanup().await;
}

/// Links at a mock that answers with `config` and expects the link to abort with `oauth_error`.
async fn link_refused(config: MockConfig) {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let mock = MockProvider::start(config).await.unwrap();
    let app = app(&db, registry("wire_values", &mock, account_values_server)).await;
    add_credential(&app, "wire_values", &mock).await;
    let step = app
        .flows()
        .start("wire_values", StartOptions::user())
        .await
        .unwrap();
    let FlowStep::External { authorize_url, .. } = step else {
        panic!("{step:?}");
    };
    let location = mock.authorize(&authorize_url).await.unwrap();
    let query = CallbackQuery::parse(location.query().unwrap_or_default());
    let done = app.flows().callback(&query).await.unwrap();
    assert_eq!(done.abort_reason(), Some(AbortReason::OauthError));
    assert!(app.store().accounts(None).await.unwrap().is_empty());
    db.cleanup().await;
}

#[tokio::test]
async fn callback_and_token_values_are_kept_with_the_account() {
    let realm = ("realmId".to_owned(), "4620816365".to_owned());
    let instance = (
        "instance_url".to_owned(),
        json!("https://acme.my.salesforce.com"),
    );
    let config = MockConfig {
        callback_params: vec![realm.clone()],
        token_fields: vec![instance.clone()],
        ..MockConfig::default()
    };
    let (db, app, mock, account_id) = linked("wire_values", config, account_values_server).await;
    let kept = |token: &Token| {
        assert_eq!(token.extra["realmId"], "4620816365");
        assert_eq!(
            token.extra["instance_url"],
            "https://acme.my.salesforce.com"
        );
    };
    kept(
        &app.session(&account_id)
            .await
            .unwrap()
            .token()
            .await
            .unwrap(),
    );
    // The refresh answer carries neither; both stay with the account.
    assert_eq!(refreshed_at(&app, &mock, &account_id).await, "/token");
    kept(
        &app.session(&account_id)
            .await
            .unwrap()
            .token()
            .await
            .unwrap(),
    );
    db.cleanup().await;

    // A callback without the value, or a token without the field, links nothing.
    link_refused(MockConfig {
        token_fields: vec![instance],
        ..MockConfig::default()
    })
    .await;
    link_refused(MockConfig {
        callback_params: vec![realm],
        ..MockConfig::default()
    })
    .await;
}

/// A metadata server on a loopback port: the issuer's document, one for an issuer it does not
/// name, one behind a redirect, an oversized one; counts the hits on the issuer's document.
struct MetadataServer {
    base: Url,
    root_hits: Arc<AtomicUsize>,
}

async fn metadata_server() -> MetadataServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let issuer = format!("http://{address}");
    let root_hits = Arc::new(AtomicUsize::new(0));
    let document = json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "authorization_response_iss_parameter_supported": true
    });
    let hits = Arc::clone(&root_hits);
    let root = document.clone();
    let router = Router::new()
        .route(
            "/.well-known/oauth-authorization-server",
            axum::routing::get(move || {
                hits.fetch_add(1, Ordering::SeqCst);
                let root = root.clone();
                async move { json_body(&root) }
            }),
        )
        .route(
            "/.well-known/oauth-authorization-server/other",
            axum::routing::get(move || {
                let document = document.clone();
                async move { json_body(&document) }
            }),
        )
        .route(
            "/.well-known/oauth-authorization-server/moved",
            axum::routing::get(|| async {
                (
                    StatusCode::TEMPORARY_REDIRECT,
                    [(header::LOCATION, "/.well-known/oauth-authorization-server")],
                )
                    .into_response()
            }),
        )
        .route(
            "/.well-known/oauth-authorization-server/big",
            axum::routing::get(|| async { "x".repeat(discovery::MAX_METADATA_BYTES + 1) }),
        );
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    MetadataServer {
        base: Url::parse(&issuer).unwrap(),
        root_hits,
    }
}

fn json_body(document: &serde_json::Value) -> axum::response::Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document.to_string(),
    )
        .into_response()
}

impl MetadataServer {
    /// Why the metadata of the issuer at `path` on this server is refused.
    async fn refused(&self, client: &TokenClient, path: &str) -> DiscoveryError {
        let issuer = self.base.join(path).unwrap();
        discovery::fetch(client, &issuer).await.unwrap_err()
    }
}

#[tokio::test]
async fn discovery_fetches_and_validates_metadata_over_http() {
    let server = metadata_server().await;
    let client = TokenClient::new().unwrap();

    let metadata = discovery::fetch(&client, &server.base).await.unwrap();
    let valid = metadata.authorization_server().validate().unwrap();
    assert_eq!(valid.token_url().path(), "/token");
    assert_eq!(valid.client_auth(), ClientAuth::ClientSecretPost);
    assert!(valid.pkce());
    assert_eq!(
        valid.issuer().map(|i| i.trim_end_matches('/')),
        Some(server.base.as_str().trim_end_matches('/'))
    );
    assert_eq!(server.root_hits.load(Ordering::SeqCst), 1);

    let mismatch = server.refused(&client, "/other").await;
    assert!(
        matches!(mismatch, DiscoveryError::IssuerMismatch { .. }),
        "{mismatch:?}"
    );
    let moved = server.refused(&client, "/moved").await;
    assert!(
        matches!(moved, DiscoveryError::Status { status: 307, .. }),
        "{moved:?}"
    );
    assert!(moved.to_string().contains("not followed"), "{moved}");
    assert_eq!(
        server.root_hits.load(Ordering::SeqCst),
        1,
        "the redirect was not followed"
    );
    let big = server.refused(&client, "/big").await;
    assert!(
        matches!(&big, DiscoveryError::Fetch { reason, .. } if reason.contains("larger than")),
        "{big:?}"
    );
    let missing = server.refused(&client, "/absent").await;
    assert!(
        matches!(missing, DiscoveryError::Status { status: 404, .. }),
        "{missing:?}"
    );
    let plain_http = Url::parse("http://auth.example.com/").unwrap();
    let refused = discovery::fetch(&client, &plain_http).await.unwrap_err();
    assert!(
        matches!(refused, DiscoveryError::Endpoint { .. }),
        "{refused:?}"
    );
}
