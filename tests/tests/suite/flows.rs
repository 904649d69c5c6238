//! The flow engine end to end: a real store (SQLite file, and PostgreSQL where configured), the
//! strict mock provider over real HTTP, and every abort reason of Home Assistant's flows.

use std::time::Duration;

use appcreds::Url;
use appcreds::linking::{
    AbortReason, CallbackError, EngineConfig, FlowError, FlowStep, StartOptions,
};
use appcreds::prelude::*;
use appcreds::store::AccountStatus;
use appcreds_tests::flow_support::{
    TestDomain, add_client, add_credential, app, app_with, authorized, callback_of, external_url,
    link, mock_config, mock_for, ready, registry_of, run_flow, server_of,
};
use appcreds_tests::mock_provider::{Failure, MockConfig};
use appcreds_tests::store_harness::{Kind, TestDb};
use secrecy::ExposeSecret;

fn abort_reason(step: &FlowStep) -> AbortReason {
    step.abort_reason()
        .unwrap_or_else(|| panic!("expected an abort, got {step:?}"))
}

async fn sqlite() -> TestDb {
    TestDb::new(Kind::Sqlite).await.unwrap()
}

async fn links_an_account(kind: Kind, domain: &'static str) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let test_domain = TestDomain::new(domain);
    let mock = mock_for(&test_domain, MockConfig::default()).await;
    let app = app(&db, &test_domain, EngineConfig::default()).await;
    let credential = add_credential(&app, domain, &mock, Some("Home")).await;

    let step = app
        .flows()
        .start(domain, StartOptions::user())
        .await
        .unwrap();
    let url = external_url(&step);
    let params: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "response_type",
            "client_id",
            "redirect_uri",
            "state",
            "code_challenge",
            "code_challenge_method"
        ]
    );
    let state = &params[3].1;
    assert!(state.len() >= 43, "state has at least 256 bits: {state}");
    assert_eq!(params[2].1, "http://127.0.0.1:8123/auth/external/callback");

    let location = mock.authorize(&url).await.unwrap();
    let step = app.flows().callback(&callback_of(&location)).await.unwrap();
    let FlowStep::CreateEntry { account, flow_id } = &step else {
        panic!("{step:?}")
    };
    // No name in the token response: titled after the integration and the start of the id
    // (not after the credential, whose name may change).
    let integration = app.registry().get(domain).unwrap().title().to_owned();
    assert_eq!(
        (account.domain.as_str(), account.title.clone()),
        (domain, format!("{integration} {}", &account.id[..6]))
    );
    assert_eq!(account.auth_implementation, credential.id);
    assert_eq!(
        app.flows().status(flow_id).await.unwrap(),
        step,
        "the page can read the outcome"
    );

    // The token request carried the flow's verifier and exact redirect URI (the mock verifies both).
    let exchange = mock.last_token_request().unwrap();
    assert_eq!(
        exchange.param("redirect_uri"),
        Some("http://127.0.0.1:8123/auth/external/callback")
    );
    assert!(exchange.param("code_verifier").is_some());
    let stored = app.store().account(&account.id).await.unwrap();
    assert_eq!(stored.status, AccountStatus::Ok);
    assert!(stored.token.refresh_token.is_some() && stored.token.expires_at.is_some());
    db.cleanup().await;
}

#[tokio::test]
async fn a_user_links_an_account_on_sqlite() {
    links_an_account(Kind::Sqlite, "linking").await;
}

#[tokio::test]
async fn a_user_links_an_account_on_postgres() {
    links_an_account(Kind::Postgres, "linking_pg").await;
}

#[tokio::test]
async fn a_state_works_once_and_a_forged_one_never() {
    let (_db, mock, app) = ready("replay", MockConfig::default(), EngineConfig::default()).await;
    let query = authorized(&app, &mock, "replay", StartOptions::user()).await;
    assert!(matches!(
        app.flows().callback(&query).await.unwrap(),
        FlowStep::CreateEntry { .. }
    ));
    let replay = app.flows().callback(&query).await.unwrap_err();
    assert!(
        matches!(replay, FlowError::Callback(CallbackError::UnknownState)),
        "{replay:?}"
    );
    assert_eq!(replay.code(), "invalid_state");

    let mut forged = query.clone();
    forged.state = Some("A".repeat(43));
    assert!(matches!(
        app.flows().callback(&forged).await,
        Err(FlowError::Callback(CallbackError::UnknownState))
    ));
    let mut stateless = query;
    stateless.state = None;
    assert!(matches!(
        app.flows().callback(&stateless).await,
        Err(FlowError::Callback(CallbackError::MissingState))
    ));
    assert_eq!(
        mock.token_requests().len(),
        1,
        "nothing but the first callback reached the provider"
    );
}

#[tokio::test]
async fn unknown_domains_and_missing_credentials_abort() {
    let db = sqlite().await;
    let app = app(&db, &TestDomain::new("missing"), EngineConfig::default()).await;
    let step = app
        .flows()
        .start("no_such_integration", StartOptions::user())
        .await
        .unwrap();
    assert_eq!(abort_reason(&step), AbortReason::MissingConfiguration);
    let step = app
        .flows()
        .start("missing", StartOptions::user())
        .await
        .unwrap();
    assert_eq!(abort_reason(&step), AbortReason::MissingCredentials);
    let json = serde_json::to_value(&step).unwrap();
    assert_eq!(json["type"], "abort");
    assert_eq!(json["reason"], "missing_credentials");
    assert!(json["message"].as_str().unwrap().contains("client ID"));
}

#[tokio::test]
async fn several_credentials_are_picked_from() {
    let db = sqlite().await;
    let picking = TestDomain::new("picking");
    let mock = mock_for(&picking, MockConfig::default()).await;
    let app = app(&db, &picking, EngineConfig::default()).await;
    add_client(
        &app,
        "picking",
        "other-client",
        "other-secret",
        Some("Other"),
    )
    .await;
    let ours = add_credential(&app, "picking", &mock, None).await;

    let step = app
        .flows()
        .start("picking", StartOptions::user())
        .await
        .unwrap();
    let FlowStep::PickImplementation {
        flow_id,
        implementations,
        ..
    } = step
    else {
        panic!("{step:?}")
    };
    let names: Vec<&str> = implementations.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["mock-client", "Other"]);
    let FlowStep::PickImplementation {
        implementations: offered,
        ..
    } = app.flows().status(&flow_id).await.unwrap()
    else {
        panic!("a flow waiting for a choice says so")
    };
    assert_eq!(offered, implementations);
    let error = app.flows().pick(&flow_id, "not-offered").await.unwrap_err();
    assert_eq!(error.code(), "unknown_implementation");

    let step = app.flows().pick(&flow_id, &ours.id).await.unwrap();
    assert!(
        matches!(
            app.flows().pick(&flow_id, &ours.id).await,
            Err(FlowError::UnknownFlow { .. })
        ),
        "picked once"
    );
    assert!(
        matches!(
            app.flows().status(&flow_id).await.unwrap(),
            FlowStep::Authorizing { .. }
        ),
        "at the provider"
    );
    let location = mock.authorize(&external_url(&step)).await.unwrap();
    let FlowStep::CreateEntry { account, .. } =
        app.flows().callback(&callback_of(&location)).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(account.auth_implementation, ours.id);
    assert!(
        account.title.ends_with(&account.id[..6]) && !account.title.contains("mock-client"),
        "{}",
        account.title
    );
}

#[tokio::test]
async fn a_failing_integration_is_oauth_implementation_unavailable() {
    let db = sqlite().await;
    let broken = TestDomain::new("broken");
    let app = app(&db, &broken, EngineConfig::default()).await;
    add_client(&app, "broken", "id", "secret", None).await;
    // No server declared: the integration's function returns an error.
    let step = app
        .flows()
        .start("broken", StartOptions::user())
        .await
        .unwrap();
    assert_eq!(
        abort_reason(&step),
        AbortReason::OauthImplementationUnavailable
    );
    // An invalid declared server is the same.
    broken.declare(AuthorizationServer::new(
        "http://example.com/a",
        "https://example.com/t",
    ));
    let step = app
        .flows()
        .start("broken", StartOptions::user())
        .await
        .unwrap();
    assert_eq!(
        abort_reason(&step),
        AbortReason::OauthImplementationUnavailable
    );
}

#[tokio::test]
async fn a_refused_authorization_is_user_rejected_authorize_with_the_error() {
    let (_db, mock, app) = ready("rejected", MockConfig::default(), EngineConfig::default()).await;
    mock.deny_next_authorization("access_denied");
    let step = run_flow(&app, &mock, "rejected", StartOptions::user()).await;
    assert_eq!(abort_reason(&step), AbortReason::UserRejectedAuthorize);
    let FlowStep::Abort {
        description_placeholders,
        ..
    } = &step
    else {
        panic!()
    };
    assert_eq!(description_placeholders["error"], "access_denied");
    assert!(mock.token_requests().is_empty());
}

async fn exchange_fails_with(
    domain: &'static str,
    failure: Failure,
    config: EngineConfig,
) -> AbortReason {
    let (_db, mock, app) = ready(domain, MockConfig::default(), config).await;
    mock.inject(failure);
    let reason = abort_reason(&run_flow(&app, &mock, domain, StartOptions::user()).await);
    assert!(
        app.store().accounts(Some(domain)).await.unwrap().is_empty(),
        "no account from a failed exchange"
    );
    reason
}

#[tokio::test]
async fn a_refused_code_is_oauth_unauthorized() {
    for status in [400, 401, 403] {
        assert_eq!(
            exchange_fails_with(
                "unauthorized",
                Failure::Status(status),
                EngineConfig::default()
            )
            .await,
            AbortReason::OauthUnauthorized
        );
    }
    assert_eq!(
        exchange_fails_with(
            "unauthorized",
            Failure::ErrorWith200,
            EngineConfig::default()
        )
        .await,
        AbortReason::OauthUnauthorized
    );
}

#[tokio::test]
async fn a_failing_token_endpoint_is_oauth_failed() {
    for status in [429, 500, 503] {
        assert_eq!(
            exchange_fails_with("failing", Failure::Status(status), EngineConfig::default()).await,
            AbortReason::OauthFailed
        );
    }
    assert_eq!(
        exchange_fails_with("failing", Failure::Redirect, EngineConfig::default()).await,
        AbortReason::OauthFailed
    );
}

#[tokio::test]
async fn an_unusable_token_response_is_oauth_error() {
    assert_eq!(
        exchange_fails_with("malformed", Failure::NonJson, EngineConfig::default()).await,
        AbortReason::OauthError
    );
    assert_eq!(
        exchange_fails_with(
            "malformed",
            Failure::MissingAccessToken,
            EngineConfig::default()
        )
        .await,
        AbortReason::OauthError
    );
}

#[tokio::test]
async fn a_slow_token_endpoint_is_oauth_timeout() {
    let config = EngineConfig {
        token_timeout: Duration::from_millis(300),
        ..EngineConfig::default()
    };
    assert_eq!(
        exchange_fails_with("slow", Failure::Slow(Duration::from_secs(3)), config).await,
        AbortReason::OauthTimeout
    );
}

#[tokio::test]
async fn reauth_updates_the_account_in_place() {
    let (_db, mock, app) = ready("reauthing", MockConfig::default(), EngineConfig::default()).await;
    let account = link(&app, &mock, "reauthing").await;
    app.store().mark_needs_reauth(&account.id).await.unwrap();
    let before = app.store().account(&account.id).await.unwrap();

    let step = run_flow(&app, &mock, "reauthing", StartOptions::reauth(&account.id)).await;
    assert_eq!(abort_reason(&step), AbortReason::ReauthSuccessful);
    let after = app.store().account(&account.id).await.unwrap();
    assert_eq!(after.status, AccountStatus::Ok);
    assert!(after.version > before.version);
    assert_ne!(
        after.token.access_token.expose_secret(),
        before.token.access_token.expose_secret()
    );
    assert_eq!(
        app.store().accounts(Some("reauthing")).await.unwrap().len(),
        1,
        "no second account"
    );

    let error = app
        .flows()
        .start("reauthing", StartOptions::reauth("no-such-account"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "invalid_config_entry_id");
}

#[tokio::test]
async fn a_callback_completes_after_a_restart() {
    let db = sqlite().await;
    let restarting = TestDomain::new("restarting");
    let mock = mock_for(&restarting, MockConfig::default()).await;
    let first = app(&db, &restarting, EngineConfig::default()).await;
    add_credential(&first, "restarting", &mock, None).await;
    let step = first
        .flows()
        .start("restarting", StartOptions::user())
        .await
        .unwrap();
    drop(first);
    let location = mock.authorize(&external_url(&step)).await.unwrap();
    let second = app(&db, &restarting, EngineConfig::default()).await;
    let step = second
        .flows()
        .callback(&callback_of(&location))
        .await
        .unwrap();
    assert!(matches!(step, FlowStep::CreateEntry { .. }), "{step:?}");
}

#[tokio::test]
async fn an_expired_flow_is_refused() {
    let config = EngineConfig {
        flow_ttl: Duration::from_secs(1),
        ..EngineConfig::default()
    };
    let (_db, mock, app) = ready("expiring", MockConfig::default(), config).await;
    let query = authorized(&app, &mock, "expiring", StartOptions::user()).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let error = app.flows().callback(&query).await.unwrap_err();
    assert!(
        matches!(error, FlowError::Callback(CallbackError::UnknownState)),
        "{error:?}"
    );
    assert!(mock.token_requests().is_empty());
}

#[tokio::test]
async fn a_callback_from_another_issuer_is_refused() {
    let (_db, mock, app) = ready("mixup", MockConfig::default(), EngineConfig::default()).await;
    let mut query = authorized(&app, &mock, "mixup", StartOptions::user()).await;
    assert_eq!(query.iss.as_deref(), Some(mock.issuer()));
    query.iss = Some("https://attacker.example".to_owned());
    let step = app.flows().callback(&query).await.unwrap();
    assert_eq!(abort_reason(&step), AbortReason::OauthError);
    assert!(
        mock.token_requests().is_empty(),
        "the code is never sent to a mixed-up server"
    );
}

#[tokio::test]
async fn a_missing_iss_is_refused_when_the_server_always_sends_it() {
    let db = sqlite().await;
    let (required, absent_ok) = (
        TestDomain::new("iss_required"),
        TestDomain::new("iss_absent_ok"),
    );
    let without_iss = || MockConfig {
        send_iss: false,
        ..MockConfig::default()
    };
    let mock = mock_for(&required, without_iss()).await;
    required.declare(server_of(&mock).iss_parameter_supported(true));
    let registry = registry_of(&[&required, &absent_ok]);
    let app = app_with(&db, registry, EngineConfig::default()).await;
    add_credential(&app, "iss_required", &mock, None).await;
    let step = run_flow(&app, &mock, "iss_required", StartOptions::user()).await;
    assert_eq!(abort_reason(&step), AbortReason::OauthError);

    // A server that does not promise `iss` may leave it out.
    let mock = mock_for(&absent_ok, without_iss()).await;
    add_credential(&app, "iss_absent_ok", &mock, None).await;
    assert!(matches!(
        run_flow(&app, &mock, "iss_absent_ok", StartOptions::user()).await,
        FlowStep::CreateEntry { .. }
    ));
}

#[tokio::test]
async fn pkce_is_new_for_every_flow_and_absent_when_off() {
    let no_pkce = TestDomain::new("no_pkce");
    let (_db, mock, app) = ready(
        &no_pkce,
        MockConfig {
            require_pkce: false,
            ..MockConfig::default()
        },
        EngineConfig::default(),
    )
    .await;
    let challenge = |url: &Url| {
        url.query_pairs()
            .find(|(k, _)| k == "code_challenge")
            .map(|(_, v)| v.into_owned())
    };
    let first = external_url(
        &app.flows()
            .start("no_pkce", StartOptions::user())
            .await
            .unwrap(),
    );
    let second = external_url(
        &app.flows()
            .start("no_pkce", StartOptions::user())
            .await
            .unwrap(),
    );
    assert_ne!(
        challenge(&first),
        challenge(&second),
        "a new verifier per flow"
    );
    no_pkce.declare(server_of(&mock).pkce(false));
    let step = app
        .flows()
        .start("no_pkce", StartOptions::user())
        .await
        .unwrap();
    assert_eq!(challenge(&external_url(&step)), None);
    let location = mock.authorize(&external_url(&step)).await.unwrap();
    assert!(matches!(
        app.flows().callback(&callback_of(&location)).await.unwrap(),
        FlowStep::CreateEntry { .. }
    ));
    assert_eq!(
        mock.last_token_request().unwrap().param("code_verifier"),
        None
    );
}

#[tokio::test]
async fn access_tokens_are_never_in_flow_steps() {
    let (_db, mock, app) = ready("secrets", mock_config(Some(3600)), EngineConfig::default()).await;
    let step = run_flow(&app, &mock, "secrets", StartOptions::user()).await;
    let account = app
        .store()
        .accounts(Some("secrets"))
        .await
        .unwrap()
        .remove(0);
    let json = serde_json::to_string(&step).unwrap();
    assert!(
        !json.contains(account.token.access_token.expose_secret()),
        "{json}"
    );
    assert!(
        !json.contains(
            account
                .token
                .refresh_token
                .as_ref()
                .unwrap()
                .expose_secret()
        ),
        "{json}"
    );
}

/// A reader of the database (a local user who can read its files, a backup) must not be able to
/// finish someone's flow: no stored record holds the state handle or the authorize URL, only the
/// state's hash; nor do the raw database, WAL and shared-memory files.
#[tokio::test]
async fn stored_flow_records_hold_neither_the_state_nor_the_authorize_url() {
    let (db, _mock, app) = ready("secrets", mock_config(Some(3600)), EngineConfig::default()).await;
    let step = app
        .flows()
        .start("secrets", StartOptions::user())
        .await
        .unwrap();
    let url = external_url(&step);
    let state = url
        .query_pairs()
        .find(|(name, _)| name == "state")
        .map(|(_, value)| value.into_owned())
        .unwrap();
    let FlowStep::External { flow_id, .. } = &step else {
        panic!("{step:?}")
    };
    let stage = app.store().pending_flow(flow_id).await.unwrap().unwrap();
    let authorization = app
        .store()
        .pending_flow(&appcreds_tests::flow_support::state_key(&state))
        .await
        .unwrap()
        .expect("the authorization is stored under the state's hash");
    for record in [&stage, &authorization] {
        let text = format!("{:?} {}", record, record.context);
        assert!(!text.contains(&state), "{text}");
        assert!(!text.contains("code_challenge"), "{text}");
        assert!(!text.contains(url.as_str()), "{text}");
    }
    let challenge = url
        .query_pairs()
        .find(|(name, _)| name == "code_challenge")
        .map(|(_, value)| value.into_owned())
        .unwrap();
    let raw = db.raw_contents().await;
    assert!(
        raw.len() > 4096,
        "the raw files were read ({} bytes)",
        raw.len()
    );
    for needle in [state.as_str(), challenge.as_str(), url.as_str()] {
        assert!(
            !appcreds_tests::store_harness::contains_in_clear(&raw, needle),
            "`{needle}` is readable in the database files"
        );
    }
    assert!(matches!(
        app.flows().status(flow_id).await.unwrap(),
        FlowStep::Authorizing { .. }
    ));
}

/// A token endpoint over a raw socket: reads one request, answers HTTP 401 with a
/// `Content-Length` larger than the bytes it sends, and closes the connection mid-body.
async fn token_endpoint_closing_mid_body() -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/token", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = Vec::new();
            let mut chunk = [0u8; 4096];
            // The headers, then as many body bytes as they announce.
            while let Ok(n @ 1..) = socket.read(&mut chunk).await {
                request.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            let head = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"error\":\"inv";
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.flush().await;
            drop(socket);
        }
    });
    url
}

/// Home Assistant's reference: a 401 from the token endpoint whose body cannot be read (the
/// connection closed mid-body) is a refusal, `oauth_unauthorized`: the status line was received.
#[tokio::test]
async fn a_401_whose_body_breaks_off_is_oauth_unauthorized() {
    let db = sqlite().await;
    let domain = TestDomain::new("cut_off");
    domain.declare(AuthorizationServer::new(
        "https://provider.example/authorize",
        token_endpoint_closing_mid_body().await,
    ));
    let app = app(&db, &domain, EngineConfig::default()).await;
    add_client(&app, "cut_off", "client", "secret", None).await;
    let step = app
        .flows()
        .start("cut_off", StartOptions::user())
        .await
        .unwrap();
    let state = external_url(&step)
        .query_pairs()
        .find(|(name, _)| name == "state")
        .map(|(_, value)| value.into_owned())
        .unwrap();
    let query = appcreds::linking::CallbackQuery::parse(&format!("code=c&state={state}"));
    let step = app.flows().callback(&query).await.unwrap();
    assert_eq!(abort_reason(&step), AbortReason::OauthUnauthorized);
}
