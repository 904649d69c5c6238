//! The strict mock provider refuses what a wrong client would send: these tests speak raw HTTP to
//! it, so that a test passing against it means the client really did it right.

use appcreds_tests::callback::Callback;
use appcreds_tests::mock_provider::{MockClientAuth, MockConfig, MockProvider};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::Value;
use sha2::{Digest, Sha256};
use url::Url;

const REDIRECT_URI: &str = "http://127.0.0.1:9/cb";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn challenge() -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()))
}

fn authorize_url(mock: &MockProvider, extra: &[(&str, &str)]) -> Url {
    let mut url = Url::parse(&mock.authorize_url()).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &mock.config().client_id)
        .append_pair("redirect_uri", REDIRECT_URI)
        .append_pair("state", "s")
        .extend_pairs(extra);
    url
}

async fn new_code(mock: &MockProvider) -> String {
    let challenge = challenge();
    let url = authorize_url(
        mock,
        &[
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    );
    Callback::from_url(&mock.authorize(&url).await.unwrap())
        .code
        .unwrap()
}

async fn post(
    mock: &MockProvider,
    basic: Option<(&str, &str)>,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(mock.token_url())
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some((id, secret)) = basic {
        let encode =
            |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let pair = format!("{}:{}", encode(id), encode(secret));
        request = request.header("authorization", format!("Basic {}", STANDARD.encode(pair)));
    }
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let response = request.body(body).send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

fn exchange_form<'a>(code: &'a str, config: &'a MockConfig) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT_URI),
        ("code_verifier", VERIFIER),
        ("client_id", &config.client_id),
    ]
}

#[tokio::test]
async fn refuses_a_secret_sent_both_ways() {
    let config = MockConfig {
        client_auth: MockClientAuth::ClientSecretBasic,
        ..MockConfig::default()
    };
    let mock = MockProvider::start(config.clone()).await.unwrap();
    let code = new_code(&mock).await;
    let mut form = exchange_form(&code, &config);
    form.push(("client_secret", &config.client_secret));
    let (status, body) = post(
        &mock,
        Some((&config.client_id, &config.client_secret)),
        &form,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_request");

    let (status, body) = post(
        &mock,
        Some((&config.client_id, &config.client_secret)),
        &exchange_form(&code, &config),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn refuses_the_wrong_authentication_method() {
    let basic = MockConfig {
        client_auth: MockClientAuth::ClientSecretBasic,
        ..MockConfig::default()
    };
    let mock = MockProvider::start(basic.clone()).await.unwrap();
    let code = new_code(&mock).await;
    let mut form = exchange_form(&code, &basic);
    form.push(("client_secret", &basic.client_secret));
    let (status, body) = post(&mock, None, &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );

    let post_config = MockConfig::default();
    let mock = MockProvider::start(post_config.clone()).await.unwrap();
    let code = new_code(&mock).await;
    let (status, _) = post(
        &mock,
        Some((&post_config.client_id, &post_config.client_secret)),
        &exchange_form(&code, &post_config),
    )
    .await;
    assert_eq!(status, 401);
    let mut form = exchange_form(&code, &post_config);
    form.push(("client_secret", "wrong"));
    assert_eq!(post(&mock, None, &form).await.0, 401);

    let public = MockConfig {
        client_auth: MockClientAuth::None,
        ..MockConfig::default()
    };
    let mock = MockProvider::start(public.clone()).await.unwrap();
    let code = new_code(&mock).await;
    let mut form = exchange_form(&code, &public);
    form.push(("client_secret", "anything"));
    assert_eq!(post(&mock, None, &form).await.0, 401);
    assert_eq!(
        post(&mock, None, &exchange_form(&code, &public)).await.0,
        200
    );
}

#[tokio::test]
async fn refuses_a_verifier_without_challenge_and_a_missing_verifier() {
    let config = MockConfig {
        require_pkce: false,
        ..MockConfig::default()
    };
    let mock = MockProvider::start(config.clone()).await.unwrap();
    let location = mock.authorize(&authorize_url(&mock, &[])).await.unwrap();
    let code = Callback::from_url(&location).code.unwrap();
    let mut form = exchange_form(&code, &config);
    form.push(("client_secret", &config.client_secret));
    let (status, body) = post(&mock, None, &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request"))
    );

    let code = new_code(&mock).await;
    let form = vec![
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT_URI),
        ("client_id", &config.client_id),
        ("client_secret", &config.client_secret),
    ];
    let (status, body) = post(&mock, None, &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
}

#[tokio::test]
async fn the_authorize_endpoint_checks_client_redirect_uri_and_pkce() {
    let config = MockConfig {
        redirect_uris: vec![REDIRECT_URI.to_owned()],
        ..MockConfig::default()
    };
    let mock = MockProvider::start(config).await.unwrap();

    let mut unregistered = authorize_url(&mock, &[]);
    let query: Vec<(String, String)> = unregistered
        .query_pairs()
        .into_owned()
        .map(|(n, v)| {
            if n == "redirect_uri" {
                (n, format!("{v}/"))
            } else {
                (n, v)
            }
        })
        .collect();
    unregistered.query_pairs_mut().clear().extend_pairs(query);
    assert!(
        mock.authorize(&unregistered)
            .await
            .unwrap_err()
            .contains("HTTP 400"),
        "never redirects to an unregistered URI"
    );

    let without_pkce =
        Callback::from_url(&mock.authorize(&authorize_url(&mock, &[])).await.unwrap());
    assert_eq!(without_pkce.error.as_deref(), Some("invalid_request"));
    assert_eq!(without_pkce.code, None);

    let plain = authorize_url(
        &mock,
        &[
            ("code_challenge", VERIFIER),
            ("code_challenge_method", "plain"),
        ],
    );
    let plain = Callback::from_url(&mock.authorize(&plain).await.unwrap());
    assert_eq!(plain.error.as_deref(), Some("invalid_request"));

    mock.deny_next_authorization("access_denied");
    let challenge = challenge();
    let pkce = [
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let denied = Callback::from_url(&mock.authorize(&authorize_url(&mock, &pkce)).await.unwrap());
    assert_eq!(denied.error.as_deref(), Some("access_denied"));
    assert_eq!(denied.state.as_deref(), Some("s"));
    assert_eq!(denied.iss.as_deref(), Some(mock.issuer()));

    let granted = Callback::from_url(&mock.authorize(&authorize_url(&mock, &pkce)).await.unwrap());
    assert!(granted.code.is_some());
    assert_eq!(granted.iss.as_deref(), Some(mock.issuer()));
}

#[tokio::test]
async fn iss_is_left_out_when_not_configured() {
    let mock = MockProvider::start(MockConfig {
        send_iss: false,
        require_pkce: false,
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let callback = Callback::from_url(&mock.authorize(&authorize_url(&mock, &[])).await.unwrap());
    assert!(callback.code.is_some());
    assert_eq!(callback.iss, None);
}
