//! Revocation when an account is removed (RFC 7009), against panva's `oidc-provider`: the refresh
//! token and the access token are revoked with the credential's client authentication
//! (`client_secret_basic`), and neither works at the provider afterwards; a server without a
//! revocation endpoint is reported as such and the account is removed all the same.
//!
//! Skipped with a notice when `tests/interop/node_modules` is absent (`npm ci --prefix
//! tests/interop`); a failure under `APPCREDS_REQUIRE_ALL=1`.

use appcreds::linking::{EngineConfig, FlowStep, StartOptions};
use appcreds::oauth::Revocation;
use appcreds::{App, AuthorizationServer, ClientAuth};
use appcreds_tests::flow_support::{TestDomain, add_client, app, callback_of, external_url};
use appcreds_tests::oidc_provider::{CLIENT_ID, CLIENT_SECRET, OidcProvider};
use appcreds_tests::store_harness::{Kind, TestDb};
use secrecy::ExposeSecret;

const REDIRECT_URI: &str = "http://127.0.0.1:8123/auth/external/callback";

fn server_on(provider: &OidcProvider) -> AuthorizationServer {
    AuthorizationServer::new(provider.authorize_url(), provider.token_url())
        .client_auth(ClientAuth::ClientSecretBasic)
        .scopes(["openid"])
        .issuer(provider.issuer())
}

async fn linked_account(app: &App, provider: &OidcProvider, domain: &str) -> String {
    add_client(app, domain, CLIENT_ID, CLIENT_SECRET, None).await;
    let step = app
        .flows()
        .start(domain, StartOptions::user())
        .await
        .unwrap();
    let location = provider
        .authorize(&external_url(&step), REDIRECT_URI)
        .await
        .unwrap();
    let step = app.flows().callback(&callback_of(&location)).await.unwrap();
    let FlowStep::CreateEntry { account, .. } = step else {
        panic!("{step:?}")
    };
    account.id
}

#[tokio::test]
async fn removing_an_account_revokes_its_tokens_at_the_provider() {
    let test = "removing_an_account_revokes_its_tokens_at_the_provider";
    let Some(provider) = OidcProvider::start_or_skip(test, REDIRECT_URI).await else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let domain = TestDomain::new("oidc_revocation");
    domain.declare(server_on(&provider).revocation_url(provider.revocation_url()));
    let app = app(&db, &domain, EngineConfig::default()).await;
    let id = linked_account(&app, &provider, "oidc_revocation").await;
    let token = app.accounts().get(&id).await.unwrap().token;
    let access = token.access_token.expose_secret().to_owned();
    let refresh = token.refresh_token.unwrap().expose_secret().to_owned();
    assert!(provider.introspect(&access).await.unwrap(), "active before");
    assert!(
        provider.introspect(&refresh).await.unwrap(),
        "active before"
    );
    assert_eq!(provider.userinfo_status(&access).await.unwrap(), 200);

    let removed = app.accounts().remove(&id).await.unwrap();
    assert_eq!(removed.revocation, Revocation::Revoked);
    assert_eq!(removed.account.id, id);
    assert!(app.accounts().get(&id).await.is_err(), "removed here");
    assert!(
        !provider.introspect(&access).await.unwrap(),
        "access token revoked"
    );
    assert!(
        !provider.introspect(&refresh).await.unwrap(),
        "refresh token revoked"
    );
    assert_eq!(provider.userinfo_status(&access).await.unwrap(), 401);
}

#[tokio::test]
async fn revocation_discovered_from_metadata_and_its_absence_reported() {
    let test = "revocation_discovered_from_metadata_and_its_absence_reported";
    let Some(provider) = OidcProvider::start_or_skip(test, REDIRECT_URI).await else {
        return;
    };
    let client = appcreds::oauth::TokenClient::new().unwrap();
    let issuer = appcreds::Url::parse(provider.issuer()).unwrap();
    let metadata = appcreds::discovery::fetch(&client, &issuer).await.unwrap();
    let discovered = metadata.authorization_server().validate().unwrap();
    assert_eq!(
        discovered.revocation_url().map(|u| u.as_str()),
        Some(provider.revocation_url().as_str())
    );

    // Declared without a revocation endpoint: nothing is revoked, and the user is told.
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let domain = TestDomain::new("oidc_no_revocation");
    domain.declare(server_on(&provider));
    let app = app(&db, &domain, EngineConfig::default()).await;
    let id = linked_account(&app, &provider, "oidc_no_revocation").await;
    let access = app.accounts().get(&id).await.unwrap().token.access_token;
    let removed = app.accounts().remove(&id).await.unwrap();
    assert_eq!(removed.revocation, Revocation::NotSupported);
    assert!(
        app.accounts().get(&id).await.is_err(),
        "removed all the same"
    );
    assert!(provider.introspect(access.expose_secret()).await.unwrap());
}

#[tokio::test]
async fn a_failed_revocation_still_removes_the_account_and_says_why() {
    let test = "a_failed_revocation_still_removes_the_account_and_says_why";
    let Some(provider) = OidcProvider::start_or_skip(test, REDIRECT_URI).await else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let domain = TestDomain::new("oidc_revocation_fails");
    domain.declare(server_on(&provider).revocation_url(provider.revocation_url()));
    let app = app(&db, &domain, EngineConfig::default()).await;
    let id = linked_account(&app, &provider, "oidc_revocation_fails").await;
    // The client's secret changes: the provider refuses to authenticate it.
    let credential = app.credentials().list().await.unwrap().remove(0);
    app.credentials()
        .update(
            &credential.id,
            appcreds::CredentialUpdate {
                client_secret: Some("not the secret".to_owned().into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let token = app.accounts().get(&id).await.unwrap().token;
    let removed = app.accounts().remove(&id).await.unwrap();
    let reason = removed.revocation.reason().expect("failed").to_owned();
    assert!(
        reason.contains("HTTP 401") && reason.contains("invalid_client"),
        "{reason}"
    );
    assert!(
        !reason.contains(token.access_token.expose_secret()),
        "{reason}"
    );
    assert!(
        app.accounts().get(&id).await.is_err(),
        "removed all the same"
    );
}
