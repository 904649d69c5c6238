//! `LocalImplementation` end to end over real HTTP against the strict mock provider: every option of
//! `AuthorizationServer` seen on the wire, and every token error mapping.

use std::time::Duration;

use appcreds::oauth::{CodeExchange, OAuth2Implementation, Pkce};
use appcreds::{AuthorizationServer, ClientAuth, TokenError};
use appcreds_tests::local_setup::*;
use appcreds_tests::mock_provider::{Failure, MockClientAuth, MockConfig};
use secrecy::ExposeSecret;
use url::Url;

#[tokio::test]
async fn default_server_full_flow_with_pkce_and_client_secret_post() {
    let setup = setup(MockConfig::default(), |s| s).await;
    let (callback, pkce) = setup.authorize().await;
    assert_eq!(callback.iss.as_deref(), Some(setup.mock.issuer()));

    let authorize = setup.last_authorize();
    assert_eq!(
        authorize.param_names(),
        [
            "response_type",
            "client_id",
            "redirect_uri",
            "state",
            "code_challenge",
            "code_challenge_method"
        ]
    );
    assert_eq!(authorize.param("redirect_uri"), Some(REDIRECT_URI));
    assert_eq!(authorize.param("code_challenge"), Some(pkce.challenge()));
    assert_eq!(authorize.param("code_challenge_method"), Some("S256"));
    assert!(
        authorize
            .query
            .as_deref()
            .unwrap()
            .contains("redirect_uri=http://127.0.0.1:8123/auth/external/callback&"),
        "reference encoding: {authorize:?}"
    );

    let code = callback.code.unwrap();
    let token = setup
        .implementation
        .exchange_code(&CodeExchange::new(code.clone(), redirect_uri(), &pkce))
        .await
        .unwrap();
    assert!(token.access_token.expose_secret().starts_with("at-"));
    assert_eq!(token.token_type, "Bearer");
    assert!(token.refresh_token.is_some());
    assert!(token.expires_at.is_some());

    let request = setup.last_token();
    assert_eq!(
        request.param_names(),
        [
            "grant_type",
            "code",
            "redirect_uri",
            "code_verifier",
            "client_id",
            "client_secret"
        ]
    );
    assert_eq!(request.param("grant_type"), Some("authorization_code"));
    assert_eq!(request.param("code"), Some(code.as_str()));
    assert_eq!(request.param("redirect_uri"), Some(REDIRECT_URI));
    assert_eq!(
        request.param("code_verifier"),
        Some(pkce.verifier().expose_secret())
    );
    assert_eq!(request.param("client_secret"), Some("mock secret:&+"));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
}

#[tokio::test]
async fn client_secret_basic_sends_the_secret_only_in_the_header() {
    let config = MockConfig {
        client_auth: MockClientAuth::ClientSecretBasic,
        ..MockConfig::default()
    };
    let setup = setup(config, |s| s.client_auth(ClientAuth::ClientSecretBasic)).await;
    let token = setup.link().await.unwrap();
    let exchange = setup.last_token();
    let basic = exchange.header("authorization").unwrap();
    assert!(basic.starts_with("Basic "), "{basic}");
    assert!(
        !exchange.body.contains("client_secret"),
        "{}",
        exchange.body
    );
    assert!(!exchange.body.contains("client_id"), "{}", exchange.body);
    assert!(!exchange.body.contains("mock"), "{}", exchange.body);

    setup.implementation.refresh_token(&token).await.unwrap();
    let refresh = setup.last_token();
    assert_eq!(refresh.param_names(), ["grant_type", "refresh_token"]);
    assert_eq!(refresh.header("authorization"), Some(basic));
}

#[tokio::test]
async fn public_clients_send_only_their_client_id() {
    for (method, secret) in [
        (ClientAuth::None, "ignored"),
        (ClientAuth::ClientSecretPost, ""),
    ] {
        let config = MockConfig {
            client_auth: MockClientAuth::None,
            client_secret: secret.to_owned(),
            ..MockConfig::default()
        };
        let setup = setup(config, |s| s.client_auth(method)).await;
        let token = setup.link().await.unwrap();
        let exchange = setup.last_token();
        assert_eq!(exchange.param("client_id"), Some("mock-client"));
        assert_eq!(exchange.param("client_secret"), None, "{method:?}");
        assert_eq!(exchange.header("authorization"), None);
        setup.implementation.refresh_token(&token).await.unwrap();
        assert_eq!(
            setup.last_token().param_names(),
            ["grant_type", "refresh_token", "client_id"]
        );
    }
}

#[tokio::test]
async fn scopes_are_joined_with_the_server_separator() {
    let comma = setup(MockConfig::default(), |s| {
        s.scopes(["user-read", "playlist-read"])
            .scope_separator(",")
    })
    .await;
    let token = comma.link().await.unwrap();
    let authorize = comma.last_authorize();
    assert_eq!(authorize.param("scope"), Some("user-read,playlist-read"));
    assert!(
        authorize
            .query
            .unwrap()
            .ends_with("&scope=user-read,playlist-read")
    );
    assert_eq!(token.scope.as_deref(), Some("user-read,playlist-read"));

    let spaced = setup(MockConfig::default(), |s| s.scopes(["read", "write"])).await;
    spaced.link().await.unwrap();
    let authorize = spaced.last_authorize();
    assert_eq!(authorize.param("scope"), Some("read write"));
    assert!(authorize.query.unwrap().ends_with("&scope=read+write"));
}

#[tokio::test]
async fn without_pkce_no_challenge_and_no_verifier_are_sent() {
    let config = MockConfig {
        require_pkce: false,
        ..MockConfig::default()
    };
    let setup = setup(config, |s| s.pkce(false)).await;
    setup.link().await.unwrap();
    let authorize = setup.last_authorize();
    assert!(
        !authorize
            .param_names()
            .iter()
            .any(|n| n.starts_with("code_"))
    );
    let exchange = setup.last_token();
    assert_eq!(exchange.param("code_verifier"), None);
}

#[tokio::test]
async fn extra_parameters_and_the_existing_query_are_kept() {
    let setup = setup(MockConfig::default(), |s| {
        let authorize = format!("{}?tenant=common", s.authorize_url());
        AuthorizationServer::new(authorize, s.token_url())
            .authorize_param("access_type", "offline")
            .authorize_param("prompt", "consent")
            .token_param("audience", "https://api.example")
            .scopes(["openid"])
    })
    .await;
    let token = setup.link().await.unwrap();
    let authorize = setup.last_authorize();
    assert_eq!(
        authorize.param_names(),
        [
            "tenant",
            "response_type",
            "client_id",
            "redirect_uri",
            "state",
            "code_challenge",
            "code_challenge_method",
            "access_type",
            "prompt",
            "scope"
        ]
    );
    assert!(
        authorize
            .query
            .unwrap()
            .starts_with("tenant=common&response_type=code&")
    );
    assert_eq!(
        setup.last_token().param("audience"),
        Some("https://api.example")
    );
    setup.implementation.refresh_token(&token).await.unwrap();
    assert_eq!(
        setup.last_token().param("audience"),
        Some("https://api.example")
    );
}

#[tokio::test]
async fn the_exact_redirect_uri_and_pkce_verifier_are_checked() {
    let setup = setup(
        MockConfig {
            redirect_uris: vec![REDIRECT_URI.to_owned()],
            ..MockConfig::default()
        },
        |s| s,
    )
    .await;
    let (callback, pkce) = setup.authorize().await;
    let code = callback.code.unwrap();
    let other = Url::parse("http://127.0.0.1:8123/auth/external/callback/").unwrap();
    let error = setup
        .implementation
        .exchange_code(&CodeExchange::new(code.clone(), other, &pkce))
        .await
        .unwrap_err();
    assert!(error.requires_reauth(), "{error:?}");

    let (callback, _) = setup.authorize().await;
    let error = setup
        .implementation
        .exchange_code(&CodeExchange::new(
            callback.code.unwrap(),
            redirect_uri(),
            &Pkce::new_s256(),
        ))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("PKCE"), "{error}");
}

#[tokio::test]
async fn codes_are_single_use() {
    let setup = setup(MockConfig::default(), |s| s).await;
    let (callback, pkce) = setup.authorize().await;
    let exchange = CodeExchange::new(callback.code.unwrap(), redirect_uri(), &pkce);
    setup.implementation.exchange_code(&exchange).await.unwrap();
    let error = setup
        .implementation
        .exchange_code(&exchange)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, TokenError::Rejected { status: 400, error: Some(e), .. } if e == "invalid_grant"),
        "{error:?}"
    );
    assert_eq!(setup.mock.revoked_grants(), 1);
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_grant() {
    let setup = setup(MockConfig::default(), |s| s).await;
    let first = setup.link().await.unwrap();
    let second = setup.implementation.refresh_token(&first).await.unwrap();
    assert_ne!(secret(&second.refresh_token), secret(&first.refresh_token));
    assert_ne!(
        second.access_token.expose_secret(),
        first.access_token.expose_secret()
    );
    let third = setup.implementation.refresh_token(&second).await.unwrap();
    assert_eq!(setup.mock.refresh_count(), 2);

    let reuse = setup
        .implementation
        .refresh_token(&first)
        .await
        .unwrap_err();
    assert!(reuse.requires_reauth(), "{reuse:?}");
    assert!(reuse.to_string().contains("reuse"), "{reuse}");
    let after = setup
        .implementation
        .refresh_token(&third)
        .await
        .unwrap_err();
    assert!(
        after.requires_reauth(),
        "the whole grant is revoked: {after:?}"
    );
    assert_eq!(setup.mock.active_grants(), 0);
}

#[tokio::test]
async fn refresh_without_a_new_refresh_token_keeps_the_old_one() {
    let config = MockConfig {
        rotate_refresh_tokens: false,
        ..MockConfig::default()
    };
    let setup = setup(config, |s| s.scopes(["read"])).await;
    let mut first = setup.link().await.unwrap();
    first.extra.insert("account".into(), "kept".into());
    let second = setup.implementation.refresh_token(&first).await.unwrap();
    assert_eq!(secret(&second.refresh_token), secret(&first.refresh_token));
    assert_eq!(second.extra["account"], "kept");
    assert_eq!(second.scope.as_deref(), Some("read"));
    let refresh = setup.last_token();
    assert_eq!(
        refresh.param("refresh_token"),
        secret(&first.refresh_token).as_deref()
    );
    assert_eq!(refresh.param("client_id"), Some("mock-client"));
}

#[tokio::test]
async fn tolerated_response_shapes() {
    let setup = setup(MockConfig::default(), |s| s).await;
    setup.mock.inject(Failure::StringExpiresIn);
    let token = setup.link().await.unwrap();
    assert!(token.expires_within(Duration::from_secs(3601)));
    assert!(!token.expires_within(Duration::from_secs(3500)));

    setup.mock.inject(Failure::MissingExpiresIn);
    let token = setup.link().await.unwrap();
    assert_eq!(token.expires_at, None, "used until rejected");
    assert!(!token.expires_within(Duration::from_secs(u64::from(u32::MAX))));

    setup.mock.inject(Failure::MissingTokenType);
    let token = setup.link().await.unwrap();
    assert_eq!(token.token_type, "Bearer");

    setup.mock.inject(Failure::MissingExpiresIn);
    let refreshed = setup.implementation.refresh_token(&token).await.unwrap();
    assert_eq!(refreshed.expires_at, None);
}

#[tokio::test]
async fn no_response_is_transient() {
    let setup = setup(MockConfig::default(), |s| s).await;
    let token = setup.link().await.unwrap();
    let Setup {
        mock,
        implementation,
    } = setup;
    drop(mock);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let error = implementation.refresh_token(&token).await.unwrap_err();
    assert!(
        matches!(error, TokenError::Unavailable { status: None, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn withings_sends_its_action_and_its_token_is_unwrapped_from_body() {
    let config = MockConfig {
        wrap_token_response: Some("body".to_owned()),
        required_token_params: vec![("action".to_owned(), "requesttoken".to_owned())],
        ..MockConfig::default()
    };
    let setup = setup(config, |s| {
        s.token_param("action", "requesttoken")
            .token_response_path("body")
    })
    .await;
    let token = setup.link().await.unwrap();
    assert!(token.access_token.expose_secret().starts_with("at-"));
    assert!(token.refresh_token.is_some());
    assert!(token.expires_at.is_some());
    assert!(
        !token.extra.contains_key("status"),
        "the wrapper is not the token: {:?}",
        token.extra
    );
    let exchange = setup.last_token();
    assert_eq!(exchange.param("action"), Some("requesttoken"));
    assert!(exchange.body.contains(r#"action=requesttoken"#));

    let refreshed = setup.implementation.refresh_token(&token).await.unwrap();
    assert_ne!(
        refreshed.access_token.expose_secret(),
        token.access_token.expose_secret()
    );
    assert_eq!(setup.last_token().param("action"), Some("requesttoken"));

    // An error object at the top level is still an error, not a missing `body`.
    setup.mock.inject(Failure::ErrorWith200);
    let error = setup
        .implementation
        .refresh_token(&refreshed)
        .await
        .unwrap_err();
    assert!(
        matches!(error, TokenError::Rejected { status: 200, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn without_the_path_a_wrapped_token_is_malformed() {
    let config = MockConfig {
        wrap_token_response: Some("body".to_owned()),
        ..MockConfig::default()
    };
    let setup = setup(config, |s| s).await;
    let error = setup.link().await.unwrap_err();
    assert!(
        error.to_string().contains("`access_token` is missing"),
        "{error}"
    );
}

#[tokio::test]
async fn a_public_client_never_sends_the_stored_secret() {
    let config = MockConfig {
        client_auth: MockClientAuth::None,
        ..MockConfig::default()
    };
    // The credential stored by the user has a secret (the mock's); the server is public.
    let setup = setup(config, AuthorizationServer::public_client).await;
    let token = setup.link().await.unwrap();
    for request in [setup.last_token(), {
        setup.implementation.refresh_token(&token).await.unwrap();
        setup.last_token()
    }] {
        assert_eq!(request.param("client_id"), Some("mock-client"));
        assert_eq!(request.param("client_secret"), None);
        assert_eq!(request.header("authorization"), None);
        assert!(!request.body.contains("secret"), "{}", request.body);
    }
}

#[tokio::test]
async fn geocaching_refreshes_carry_the_redirect_uri() {
    let config = MockConfig {
        require_redirect_uri_on_refresh: true,
        redirect_uris: vec![REDIRECT_URI.to_owned()],
        ..MockConfig::default()
    };
    let setup = setup(config, |s| s.redirect_uri_on_refresh(true)).await;
    let token = setup.link().await.unwrap();

    // Without a redirect URI to send, nothing is sent and the error says how to fix it.
    let sent = setup.mock.token_requests().len();
    let error = setup
        .implementation
        .refresh_token(&token)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("with_redirect_uri"), "{error}");
    assert_eq!(setup.mock.token_requests().len(), sent);

    let implementation = setup
        .implementation
        .clone()
        .with_redirect_uri(redirect_uri());
    implementation.refresh_token(&token).await.unwrap();
    let refresh = setup.last_token();
    assert_eq!(
        refresh.param_names(),
        [
            "grant_type",
            "refresh_token",
            "redirect_uri",
            "client_id",
            "client_secret"
        ]
    );
    assert_eq!(refresh.param("redirect_uri"), Some(REDIRECT_URI));
}

#[tokio::test]
async fn a_redirect_uri_on_refresh_is_required_by_the_strict_mock() {
    let config = MockConfig {
        require_redirect_uri_on_refresh: true,
        ..MockConfig::default()
    };
    let setup = setup(config, |s| s).await;
    let token = setup.link().await.unwrap();
    let implementation = setup
        .implementation
        .clone()
        .with_redirect_uri(redirect_uri());
    let error = implementation.refresh_token(&token).await.unwrap_err();
    assert!(error.requires_reauth(), "{error:?}");
    assert_eq!(setup.last_token().param("redirect_uri"), None);
}

#[tokio::test]
async fn overkiz_token_url_keeps_its_query() {
    let config = MockConfig {
        client_auth: MockClientAuth::None,
        token_query: Some("p=b2c_1a_signinonlyhomeassistant".to_owned()),
        ..MockConfig::default()
    };
    let setup = setup(config, |s| {
        let token_url = format!("{}?p=b2c_1a_signinonlyhomeassistant", s.token_url());
        AuthorizationServer::new(s.authorize_url(), token_url)
            .public_client()
            .authorize_param("p", "b2c_1a_signinonlyhomeassistant")
    })
    .await;
    let token = setup.link().await.unwrap();
    assert_eq!(
        setup.last_token().query.as_deref(),
        Some("p=b2c_1a_signinonlyhomeassistant")
    );
    assert_eq!(setup.last_token().param("p"), None, "not moved to the body");
    setup.implementation.refresh_token(&token).await.unwrap();
    assert_eq!(
        setup.last_token().query.as_deref(),
        Some("p=b2c_1a_signinonlyhomeassistant")
    );

    let bare = self::setup(
        MockConfig {
            token_query: Some("p=x".to_owned()),
            ..MockConfig::default()
        },
        |s| s,
    )
    .await;
    assert!(bare.link().await.unwrap_err().requires_reauth());
}
