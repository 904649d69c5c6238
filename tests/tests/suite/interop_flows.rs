//! The whole engine against panva's `oidc-provider` (a real, strict authorization server with PKCE,
//! RFC 9207 `iss` and refresh-token rotation that revokes the grant when a rotated refresh token is
//! ever reused): flows through `App`, a refused consent, and 1,000 concurrent `access_token()` calls
//! on an expired account over two engine instances sharing one PostgreSQL database.
//!
//! Skipped with a notice when `tests/interop/node_modules` is absent (`npm ci --prefix
//! tests/interop`) or PostgreSQL is not configured; a failure under `APPCREDS_REQUIRE_ALL=1`.

use std::time::{SystemTime, UNIX_EPOCH};

use appcreds::linking::{AbortReason, EngineConfig, FlowStep, StartOptions};
use appcreds::{App, AuthorizationServer, ClientAuth};
use appcreds_tests::flow_support::{TestDomain, add_client, app, callback_of, external_url};
use appcreds_tests::oidc_provider::{CLIENT_ID, CLIENT_SECRET, OidcProvider, REFUSING_USER};
use appcreds_tests::store_harness::{Kind, TestDb};
use secrecy::ExposeSecret;

const REDIRECT_URI: &str = "http://127.0.0.1:8123/auth/external/callback";

async fn provider(test: &str) -> Option<OidcProvider> {
    OidcProvider::start_or_skip(test, REDIRECT_URI).await
}

/// `domain` declared on the provider, logging in as `user`.
fn declare_on(domain: &'static str, provider: &OidcProvider, user: &str) -> TestDomain {
    let domain = TestDomain::new(domain);
    domain.declare(
        AuthorizationServer::new(provider.authorize_url(), provider.token_url())
            .client_auth(ClientAuth::ClientSecretBasic)
            .scopes(["openid"])
            .authorize_param("login_hint", user)
            .issuer(provider.issuer())
            .iss_parameter_supported(true),
    );
    domain
}

async fn flow(app: &App, provider: &OidcProvider, domain: &str) -> FlowStep {
    let step = app
        .flows()
        .start(domain, StartOptions::user())
        .await
        .unwrap();
    let location = provider
        .authorize(&external_url(&step), REDIRECT_URI)
        .await
        .unwrap();
    app.flows().callback(&callback_of(&location)).await.unwrap()
}

#[tokio::test]
async fn links_an_account_with_pkce_and_iss_then_refreshes() {
    let Some(provider) = provider("links_an_account_with_pkce_and_iss_then_refreshes").await else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let domain = declare_on("oidc_linking", &provider, "alice");
    let app = app(&db, &domain, EngineConfig::default()).await;
    add_client(
        &app,
        "oidc_linking",
        CLIENT_ID,
        CLIENT_SECRET,
        Some("Interop"),
    )
    .await;
    let FlowStep::CreateEntry { account, .. } = flow(&app, &provider, "oidc_linking").await else {
        panic!()
    };
    let session = app.session(&account.id).await.unwrap();
    let first = session
        .access_token()
        .await
        .unwrap()
        .expose_secret()
        .to_owned();
    let refreshed = session.refresh().await.unwrap();
    assert_ne!(refreshed.access_token.expose_secret(), first);
    let again = session.refresh().await.unwrap();
    assert_ne!(
        again.access_token.expose_secret(),
        refreshed.access_token.expose_secret(),
        "rotation keeps working"
    );
}

#[tokio::test]
async fn a_refused_consent_is_user_rejected_authorize() {
    let Some(provider) = provider("a_refused_consent_is_user_rejected_authorize").await else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let domain = declare_on("oidc_refusing", &provider, REFUSING_USER);
    let app = app(&db, &domain, EngineConfig::default()).await;
    add_client(&app, "oidc_refusing", CLIENT_ID, CLIENT_SECRET, None).await;
    let step = flow(&app, &provider, "oidc_refusing").await;
    assert_eq!(
        step.abort_reason(),
        Some(AbortReason::UserRejectedAuthorize),
        "{step:?}"
    );
    let FlowStep::Abort {
        description_placeholders,
        ..
    } = step
    else {
        panic!()
    };
    assert_eq!(description_placeholders["error"], "access_denied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_callers_on_two_instances_refresh_once_and_the_grant_survives() {
    let test = "a_thousand_callers_on_two_instances_refresh_once_and_the_grant_survives";
    let Some(provider) = provider(test).await else {
        return;
    };
    let Some(db) = TestDb::new(Kind::Postgres).await else {
        return;
    };
    let domain = declare_on("oidc_crowd", &provider, "bob");
    let first = app(&db, &domain, EngineConfig::default()).await;
    let second = app(&db, &domain, EngineConfig::default()).await;
    add_client(&first, "oidc_crowd", CLIENT_ID, CLIENT_SECRET, None).await;
    let FlowStep::CreateEntry { account, .. } = flow(&first, &provider, "oidc_crowd").await else {
        panic!()
    };

    // Expire the stored token.
    let stored = first.store().account(&account.id).await.unwrap();
    let mut token = stored.token.clone();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    token.expires_at = Some(now - 1);
    first
        .store()
        .update_token(&account.id, stored.version, &token)
        .await
        .unwrap();

    let mut tasks = Vec::with_capacity(1000);
    for i in 0..1000 {
        let app = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        let id = account.id.clone();
        tasks.push(tokio::spawn(async move {
            app.session(&id)
                .await
                .unwrap()
                .access_token()
                .await
                .map(|t| t.expose_secret().to_owned())
        }));
    }
    let mut tokens = Vec::new();
    for task in tasks {
        tokens.push(task.await.unwrap().expect("every caller gets a token"));
    }
    tokens.sort();
    tokens.dedup();
    assert_eq!(
        tokens.len(),
        1,
        "one refresh: every caller got the same new token"
    );
    assert_ne!(tokens[0], stored.token.access_token.expose_secret());
    let after = first.store().account(&account.id).await.unwrap();
    assert_eq!(
        after.version,
        stored.version + 2,
        "one expiry write and one refresh write"
    );

    // Had any instance reused the rotated refresh token, oidc-provider would have revoked the grant.
    let later = second
        .session(&account.id)
        .await
        .unwrap()
        .refresh()
        .await
        .expect("the grant is still valid");
    assert_ne!(later.access_token.expose_secret(), tokens[0]);
    db.cleanup().await;
}
