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

/// A hostile provider puts newlines, carriage returns and escape sequences into its `error` and
/// `error_description`, on the code exchange and on a background refresh: every log line stays one
/// line, and what the provider sent shows up escaped.
#[tokio::test]
async fn provider_text_cannot_forge_log_lines() {
    use appcreds::linking::EngineConfig;
    use appcreds_tests::flow_support::{TestDomain, add_credential, app, link, mock_for};
    use appcreds_tests::mock_provider::Failure;
    use appcreds_tests::store_harness::{Kind, TestDb};

    let logs = LogCapture::start();
    let hostile = || {
        Failure::Json(
            400,
            serde_json::json!({
                "error": "invalid_grant\nWARN appcreds: forged error line",
                "error_description": "expired\r\n2026-01-01T00:00:00Z INFO forged\u{1b}[2J\u{202e}",
            }),
        )
    };
    // The code exchange, through the implementation.
    let setup = setup_with(MockConfig::default(), |s| s, TokenClient::new().unwrap()).await;
    let (callback, pkce) = setup.authorize().await;
    setup.mock.inject(hostile());
    let error = setup
        .implementation
        .exchange_code(&CodeExchange::new(
            callback.code.unwrap(),
            redirect_uri(),
            &pkce,
        ))
        .await
        .unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains(r"invalid_grant\nWARN appcreds: forged error line"),
        "{shown}"
    );
    assert!(shown.contains(r"expired\r\n2026"), "{shown}");
    assert!(!shown.chars().any(char::is_control), "{shown:?}");

    // A refresh with no user action: the session's WARN line.
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let domain = TestDomain::new("hostile");
    let mock = mock_for(&domain, appcreds_tests::flow_support::mock_config(Some(1))).await;
    let app = app(&db, &domain, EngineConfig::default()).await;
    add_credential(&app, "hostile", &mock, None).await;
    let account = link(&app, &mock, "hostile").await;
    mock.inject(hostile());
    let refused = app.session(&account.id).await.unwrap().access_token().await;
    assert!(refused.is_err(), "the refresh is refused");

    let lines = logs.lines();
    let text = lines.join("\n");
    assert!(text.contains("refresh refused"), "{text}");
    assert!(text.contains(r"forged error line"), "{text}");
    for line in &lines {
        assert!(
            !line.contains(['\n', '\r', '\u{1b}', '\u{202e}']),
            "a provider's text broke a log line: {line:?}"
        );
    }
}
