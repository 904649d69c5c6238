//! The device authorization grant (RFC 8628) against panva's `oidc-provider` (`features.deviceFlow`):
//! the endpoint discovered from the provider's metadata, a user who approves on "another device"
//! (then a reauth the same way), a user who refuses, and a code that expires unused.
//!
//! Skipped with a notice when `tests/interop/node_modules` is absent (`npm ci --prefix
//! tests/interop`); a failure under `APPCREDS_REQUIRE_ALL=1`.

use appcreds::linking::{AbortReason, EngineConfig, FlowStep, StartOptions};
use appcreds::oauth::TokenClient;
use appcreds::{App, AuthorizationServer, ClientAuth, Url};
use appcreds_tests::flow_support::{TestDomain, add_client, app};
use appcreds_tests::oidc_provider::{CLIENT_ID, CLIENT_SECRET, OidcProvider};
use appcreds_tests::store_harness::{Kind, TestDb};
use secrecy::ExposeSecret;

const REDIRECT_URI: &str = "http://127.0.0.1:8123/auth/external/callback";

/// The provider's server as discovered from its metadata (RFC 8414), with the static client's
/// authentication.
async fn discovered(provider: &OidcProvider) -> AuthorizationServer {
    let issuer = Url::parse(provider.issuer()).unwrap();
    let metadata = appcreds::discovery::fetch(&TokenClient::new().unwrap(), &issuer)
        .await
        .unwrap();
    metadata
        .authorization_server()
        .client_auth(ClientAuth::ClientSecretBasic)
        .scopes(["openid"])
}

async fn device_app(provider: &OidcProvider, db: &TestDb, name: &'static str) -> App {
    let domain = TestDomain::new(name);
    let server = discovered(provider).await;
    assert_eq!(
        server
            .validate()
            .unwrap()
            .device_authorization_url()
            .map(Url::as_str),
        Some(provider.device_authorization_url().as_str()),
        "discovered from metadata"
    );
    domain.declare(server);
    let app = app(db, &domain, EngineConfig::default()).await;
    add_client(&app, name, CLIENT_ID, CLIENT_SECRET, None).await;
    app
}

/// Starts a device flow: its id and user code.
async fn start(app: &App, domain: &str, options: StartOptions) -> (String, String) {
    let step = app.flows().start(domain, options).await.unwrap();
    let FlowStep::Device {
        flow_id,
        user_code,
        verification_uri,
        ..
    } = step
    else {
        panic!("{step:?}")
    };
    assert!(
        verification_uri.as_str().ends_with("/device"),
        "{verification_uri}"
    );
    (flow_id, user_code)
}

#[tokio::test]
async fn device_flow_links_an_account_then_reauthorizes_it() {
    let test = "device_flow_links_an_account_then_reauthorizes_it";
    let Some(provider) = OidcProvider::start_or_skip(test, REDIRECT_URI).await else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let app = device_app(&provider, &db, "oidc_device").await;
    let (flow_id, user_code) = start(&app, "oidc_device", StartOptions::user().device()).await;
    provider.enter_user_code(&user_code, true).await.unwrap();
    let step = app.flows().wait_device(&flow_id).await.unwrap();
    let FlowStep::CreateEntry { account, .. } = step else {
        panic!("{step:?}")
    };
    let session = app.session(&account.id).await.unwrap();
    let access = session.access_token().await.unwrap();
    assert_eq!(
        provider
            .userinfo_status(access.expose_secret())
            .await
            .unwrap(),
        200
    );
    assert!(
        session.refresh().await.is_ok(),
        "a refresh token came with it"
    );

    let reauth = StartOptions::reauth(&account.id).device();
    let (flow_id, user_code) = start(&app, "oidc_device", reauth).await;
    provider.enter_user_code(&user_code, true).await.unwrap();
    let step = app.flows().wait_device(&flow_id).await.unwrap();
    assert_eq!(
        step.abort_reason(),
        Some(AbortReason::ReauthSuccessful),
        "{step:?}"
    );
    assert_eq!(app.accounts().list().await.unwrap().len(), 1);
    let renewed = app.accounts().get(&account.id).await.unwrap().token;
    assert_ne!(renewed.access_token.expose_secret(), access.expose_secret());
}

#[tokio::test]
async fn device_flow_a_user_who_refuses_links_nothing() {
    let test = "device_flow_a_user_who_refuses_links_nothing";
    let Some(provider) = OidcProvider::start_or_skip(test, REDIRECT_URI).await else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let app = device_app(&provider, &db, "oidc_device_refused").await;
    let options = StartOptions::user().device();
    let (flow_id, user_code) = start(&app, "oidc_device_refused", options).await;
    provider.enter_user_code(&user_code, false).await.unwrap();
    let step = app.flows().wait_device(&flow_id).await.unwrap();
    assert_eq!(
        step.abort_reason(),
        Some(AbortReason::UserRejectedAuthorize),
        "{step:?}"
    );
    assert!(app.accounts().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn device_flow_a_code_that_expires_links_nothing() {
    let test = "device_flow_a_code_that_expires_links_nothing";
    let options = ["--device-code-ttl", "2"];
    let Some(provider) = OidcProvider::start_with_or_skip(test, REDIRECT_URI, &options).await
    else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let app = device_app(&provider, &db, "oidc_device_expired").await;
    let options = StartOptions::user().device();
    let (flow_id, user_code) = start(&app, "oidc_device_expired", options).await;
    let step = app.flows().wait_device(&flow_id).await.unwrap();
    assert_eq!(
        step.abort_reason(),
        Some(AbortReason::OauthTimeout),
        "{step:?}"
    );
    // A user who comes too late changes nothing: the flow stays ended.
    let _ = provider.enter_user_code(&user_code, true).await;
    assert_eq!(app.flows().status(&flow_id).await.unwrap(), step);
    assert!(app.accounts().list().await.unwrap().is_empty());
}
