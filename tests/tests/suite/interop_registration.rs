//! Dynamic client registration (RFC 7591) against panva's `oidc-provider` (`features.registration`,
//! open registration): the endpoint discovered from metadata, a public client with PKCE registered
//! when the server accepts one, a confidential one when it does not (`--client-auth-methods
//! confidential`), each then linking an account through the flows; and a refused registration
//! reported with the server's reason.
//!
//! Skipped with a notice when `tests/interop/node_modules` is absent (`npm ci --prefix
//! tests/interop`); a failure under `APPCREDS_REQUIRE_ALL=1`.

use appcreds::discovery::Metadata;
use appcreds::linking::{EngineConfig, FlowStep, StartOptions};
use appcreds::oauth::{RegistrationError, RegistrationRequest, TokenClient, register};
use appcreds::{AuthorizationServer, ClientAuth, Url};
use appcreds_tests::flow_support::{TestDomain, app, callback_of, external_url};
use appcreds_tests::oidc_provider::OidcProvider;
use appcreds_tests::store_harness::{Kind, TestDb};

const REDIRECT_URI: &str = "http://127.0.0.1:8123/auth/external/callback";

async fn metadata(provider: &OidcProvider) -> Metadata {
    let issuer = Url::parse(provider.issuer()).unwrap();
    appcreds::discovery::fetch(&TokenClient::new().unwrap(), &issuer)
        .await
        .unwrap()
}

fn request(metadata: &Metadata, client_auth: ClientAuth) -> RegistrationRequest {
    RegistrationRequest {
        endpoint: Url::parse(metadata.registration_endpoint.as_deref().unwrap()).unwrap(),
        redirect_uri: Url::parse(REDIRECT_URI).unwrap(),
        client_auth,
        device_grant: metadata.device_authorization_endpoint.is_some(),
        client_name: "appcreds interop".to_owned(),
    }
}

/// Links an account with a client appcreds registers itself (`StartOptions::register`), the
/// endpoint found in the issuer's metadata; a second link reuses that client.
async fn register_and_link(provider: &OidcProvider, domain: &'static str) -> ClientAuth {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let test_domain = TestDomain::new(domain);
    test_domain.declare(
        AuthorizationServer::new(provider.authorize_url(), provider.token_url())
            .issuer(provider.issuer())
            .scopes(["openid"])
            .dynamic_registration(),
    );
    let app = app(&db, &test_domain, EngineConfig::default()).await;
    for user in ["first", "second"] {
        let step = app
            .flows()
            .start(domain, StartOptions::user().register())
            .await
            .unwrap();
        let url = external_url(&step);
        let url = Url::parse(&format!("{url}&login_hint={user}")).unwrap();
        let location = provider.authorize(&url, REDIRECT_URI).await.unwrap();
        let step = app.flows().callback(&callback_of(&location)).await.unwrap();
        let FlowStep::CreateEntry { account, .. } = step else {
            panic!("{step:?}")
        };
        let session = app.session(&account.id).await.unwrap();
        assert!(
            session.refresh().await.is_ok(),
            "the registered client refreshes"
        );
    }
    let credentials = app.credentials().list().await.unwrap();
    assert_eq!(credentials.len(), 1, "the registered client is reused");
    assert!(
        credentials[0]
            .name
            .as_deref()
            .unwrap()
            .starts_with("Registered at")
    );
    let registered = app
        .store()
        .registered_credentials(provider.issuer())
        .await
        .unwrap();
    assert_eq!(registered.len(), 1);
    assert!(registered[0].registration_access_token.is_some());
    assert!(registered[0].registration_client_uri.is_some());
    let secret = app.credentials().reveal(&credentials[0].id).await.unwrap();
    match secret.is_public() {
        true => ClientAuth::None,
        false => ClientAuth::ClientSecretPost,
    }
}

#[tokio::test]
async fn registration_of_a_public_client_with_pkce_links_an_account() {
    let test = "registration_of_a_public_client_with_pkce_links_an_account";
    let Some(provider) = OidcProvider::start_or_skip(test, REDIRECT_URI).await else {
        return;
    };
    let auth = register_and_link(&provider, "oidc_registered_public").await;
    assert_eq!(auth, ClientAuth::None);
}

#[tokio::test]
async fn registration_of_a_confidential_client_when_the_server_requires_one() {
    let test = "registration_of_a_confidential_client_when_the_server_requires_one";
    let options = ["--client-auth-methods", "confidential"];
    let Some(provider) = OidcProvider::start_with_or_skip(test, REDIRECT_URI, &options).await
    else {
        return;
    };
    let auth = register_and_link(&provider, "oidc_registered_confidential").await;
    assert_eq!(auth, ClientAuth::ClientSecretPost);
}

#[tokio::test]
async fn registration_not_allowed_by_the_integration_is_refused() {
    let test = "registration_not_allowed_by_the_integration_is_refused";
    let Some(provider) = OidcProvider::start_or_skip(test, REDIRECT_URI).await else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let domain = TestDomain::new("oidc_no_registration");
    domain.declare(
        AuthorizationServer::new(provider.authorize_url(), provider.token_url())
            .issuer(provider.issuer()),
    );
    let app = app(&db, &domain, EngineConfig::default()).await;
    let error = app
        .flows()
        .start("oidc_no_registration", StartOptions::user().register())
        .await
        .unwrap_err();
    assert_eq!(error.code(), "registration_failed");
    assert!(
        error.to_string().contains("bring your own client"),
        "{error}"
    );
    assert!(app.credentials().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn registration_refused_is_reported_with_the_servers_reason() {
    let test = "registration_refused_is_reported_with_the_servers_reason";
    let options = ["--client-auth-methods", "confidential"];
    let Some(provider) = OidcProvider::start_with_or_skip(test, REDIRECT_URI, &options).await
    else {
        return;
    };
    let metadata = metadata(&provider).await;
    let client = TokenClient::new().unwrap();
    let error = register(&client, &request(&metadata, ClientAuth::None))
        .await
        .unwrap_err();
    let RegistrationError::Refused { status, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 400);
    let message = error.to_string();
    assert!(message.contains("invalid_client_metadata"), "{message}");
    assert!(message.contains("bring your own client"), "{message}");
}
