//! Every token-request failure maps to its typed error, and no secret reaches an error or a log
//! line. Alone in its test binary: it captures `tracing` output, and a log callsite first hit by a
//! concurrent test could otherwise be cached as disabled before the capture is installed.

use std::time::Duration;

use appcreds::oauth::{CodeExchange, OAuth2Implementation, TokenClient};
use appcreds_tests::local_setup::{
    assert_no_secret, expected, failures, redirect_uri, secret, setup_with,
};
use appcreds_tests::log_capture::LogCapture;
use appcreds_tests::mock_provider::MockConfig;
use secrecy::ExposeSecret;

#[tokio::test]
async fn every_failure_maps_to_its_typed_error_without_leaking_secrets() {
    let logs = LogCapture::start();
    let client = TokenClient::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let setup = setup_with(MockConfig::default(), |s| s, client).await;
    let token = setup.link().await.unwrap();
    for failure in failures() {
        let (callback, pkce) = setup.authorize().await;
        let code = callback.code.unwrap();
        setup.mock.inject(failure.clone());
        let error = setup
            .implementation
            .exchange_code(&CodeExchange::new(code.clone(), redirect_uri(), &pkce))
            .await
            .unwrap_err();
        assert!(
            expected(&failure, &error),
            "exchange, {failure:?}: {error:?}"
        );
        let printed = format!("{error} {error:?}");
        assert_no_secret(
            &printed,
            &[
                &code,
                pkce.verifier().expose_secret(),
                "mock secret",
                "leaked-in-html",
                "rt-orphan",
            ],
        );

        setup.mock.inject(failure.clone());
        let error = setup
            .implementation
            .refresh_token(&token)
            .await
            .unwrap_err();
        assert!(
            expected(&failure, &error),
            "refresh, {failure:?}: {error:?}"
        );
        assert_no_secret(
            &format!("{error} {error:?}"),
            &[
                secret(&token.refresh_token).unwrap().as_str(),
                "mock secret",
            ],
        );
    }
    assert!(
        setup.mock.requests_to("/elsewhere").is_empty(),
        "redirects are never followed"
    );
    let text = logs.text();
    assert!(text.contains("token request failed"), "{text}");
    assert!(
        text.contains("invalid_grant"),
        "the provider's error is logged: {text}"
    );
    assert_no_secret(
        &text,
        &[
            "mock secret",
            "mock+secret",
            "leaked-in-html",
            "rt-orphan",
            secret(&token.refresh_token).unwrap().as_str(),
            token.access_token.expose_secret(),
            "code-",
        ],
    );
}
