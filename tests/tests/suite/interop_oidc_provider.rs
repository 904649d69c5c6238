//! Interop with panva's `oidc-provider` (pinned in `tests/interop/package.json`): authorize with
//! PKCE and `iss`, code exchange and rotating refresh with `LocalImplementation`
//! (`client_secret_basic` with a secret that needs encoding), and a refused consent.
//!
//! Skipped with a notice when `tests/interop/node_modules` is absent (install with
//! `npm ci --prefix tests/interop`); a failure under `APPCREDS_REQUIRE_ALL=1`.

use appcreds::oauth::{
    AuthorizeRequest, CodeExchange, LocalImplementation, OAuth2Implementation, Pkce, TokenClient,
};
use appcreds::{AuthorizationServer, ClientAuth, ClientCredential, TokenError};
use appcreds_tests::callback::Callback;
use appcreds_tests::oidc_provider::{CLIENT_ID, CLIENT_SECRET, OidcProvider, REFUSING_USER};
use secrecy::ExposeSecret;
use url::Url;

const REDIRECT_URI: &str = "http://127.0.0.1:8123/auth/external/callback";

async fn provider(test: &str) -> Option<OidcProvider> {
    OidcProvider::start_or_skip(test, REDIRECT_URI).await
}

fn implementation(provider: &OidcProvider, login_hint: &str) -> LocalImplementation {
    let server = AuthorizationServer::new(provider.authorize_url(), provider.token_url())
        .client_auth(ClientAuth::ClientSecretBasic)
        .scopes(["openid"])
        .authorize_param("login_hint", login_hint)
        .issuer(provider.issuer());
    LocalImplementation::new(
        "interop",
        server.validate().unwrap(),
        ClientCredential::new(CLIENT_ID, CLIENT_SECRET),
        TokenClient::new().unwrap(),
    )
}

async fn authorize(
    provider: &OidcProvider,
    implementation: &LocalImplementation,
    pkce: &Pkce,
) -> Callback {
    let redirect_uri = Url::parse(REDIRECT_URI).unwrap();
    let request = AuthorizeRequest::new(redirect_uri, "interop-state-0123456789", pkce);
    let url = implementation.authorize_url(&request).await.unwrap();
    let location = provider.authorize(&url, REDIRECT_URI).await.unwrap();
    let callback = Callback::from_url(&location);
    assert_eq!(callback.redirect_uri, REDIRECT_URI);
    assert_eq!(callback.state.as_deref(), Some("interop-state-0123456789"));
    assert_eq!(
        callback.iss.as_deref(),
        implementation.issuer(),
        "RFC 9207 `iss` in the authorization response"
    );
    callback
}

#[tokio::test]
async fn full_flow_with_pkce_iss_and_rotating_refresh() {
    let Some(mut provider) = provider("full_flow_with_pkce_iss_and_rotating_refresh").await else {
        return;
    };
    let implementation = implementation(&provider, "test-user");
    let pkce = Pkce::new_s256();
    let callback = authorize(&provider, &implementation, &pkce).await;
    let code = callback.code.expect("a code");

    let token = implementation
        .exchange_code(&CodeExchange::new(
            code.clone(),
            Url::parse(REDIRECT_URI).unwrap(),
            &pkce,
        ))
        .await
        .unwrap();
    assert!(!token.access_token.expose_secret().is_empty());
    assert!(token.token_type.eq_ignore_ascii_case("bearer"));
    assert!(token.expires_at.is_some());
    assert!(token.extra.contains_key("id_token"), "{token:?}");
    let first_refresh = token.refresh_token.clone().expect("a refresh token");

    let refreshed = implementation.refresh_token(&token).await.unwrap();
    let second_refresh = refreshed.refresh_token.clone().unwrap();
    assert_ne!(
        second_refresh.expose_secret(),
        first_refresh.expose_secret(),
        "oidc-provider rotates refresh tokens"
    );
    assert_ne!(
        refreshed.access_token.expose_secret(),
        token.access_token.expose_secret()
    );
    let refreshed_again = implementation.refresh_token(&refreshed).await.unwrap();
    assert!(refreshed_again.refresh_token.is_some());

    // Reusing the code is refused, and oidc-provider then revokes the grant (RFC 6749 §4.1.2).
    let again = implementation
        .exchange_code(&CodeExchange::new(
            code,
            Url::parse(REDIRECT_URI).unwrap(),
            &pkce,
        ))
        .await
        .unwrap_err();
    assert!(again.requires_reauth(), "codes are single-use: {again:?}");
    let revoked = implementation
        .refresh_token(&refreshed_again)
        .await
        .unwrap_err();
    assert!(revoked.requires_reauth(), "{revoked:?}");

    provider.stop();
}

#[tokio::test]
async fn a_wrong_verifier_is_refused() {
    let Some(mut provider) = provider("a_wrong_verifier_is_refused").await else {
        return;
    };
    let implementation = implementation(&provider, "test-user");
    let callback = authorize(&provider, &implementation, &Pkce::new_s256()).await;
    let error = implementation
        .exchange_code(&CodeExchange::new(
            callback.code.unwrap(),
            Url::parse(REDIRECT_URI).unwrap(),
            &Pkce::new_s256(),
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, TokenError::Rejected { error: Some(e), .. } if e == "invalid_grant"),
        "{error:?}"
    );
    provider.stop();
}

#[tokio::test]
async fn a_refused_consent_comes_back_as_access_denied() {
    let Some(mut provider) = provider("a_refused_consent_comes_back_as_access_denied").await else {
        return;
    };
    let implementation = implementation(&provider, REFUSING_USER);
    let callback = authorize(&provider, &implementation, &Pkce::new_s256()).await;
    assert_eq!(callback.code, None);
    assert_eq!(callback.error.as_deref(), Some("access_denied"));
    provider.stop();
}
