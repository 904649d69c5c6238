//! The device authorization grant (RFC 8628) on the wire, against the strict mock provider: the
//! device authorization request, polls at the interval (never more often, whoever asks), `slow_down`
//! adding five seconds for good, `authorization_pending` waited out, `access_denied` and
//! `expired_token` ending the flow, and a server without the endpoint refused up front.

use std::time::{Duration, Instant};

use appcreds::App;
use appcreds::linking::{AbortReason, EngineConfig, FlowStep, StartOptions};
use appcreds_tests::flow_support::{TestDomain, add_credential, app, server_of};
use appcreds_tests::mock_provider::{
    Failure, MOCK_USER_CODE, MockConfig, MockProvider, RecordedRequest,
};
use appcreds_tests::store_harness::{Kind, TestDb};

const GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

async fn device_app(name: &'static str, device: bool) -> (TestDb, MockProvider, App) {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    device_app_on(db, name, device).await
}

async fn device_app_on(
    db: TestDb,
    name: &'static str,
    device: bool,
) -> (TestDb, MockProvider, App) {
    let mock = MockProvider::start(MockConfig::default()).await.unwrap();
    let domain = TestDomain::new(name);
    let server = server_of(&mock).scopes(["read"]);
    domain.declare(match device {
        true => server.device_authorization_url(mock.device_authorization_url()),
        false => server,
    });
    let app = app(&db, &domain, EngineConfig::default()).await;
    add_credential(&app, name, &mock, None).await;
    (db, mock, app)
}

fn polls(mock: &MockProvider) -> Vec<RecordedRequest> {
    mock.requests_to("/token")
        .into_iter()
        .filter(|r| r.param("grant_type") == Some(GRANT))
        .collect()
}

async fn start(app: &App, domain: &str) -> String {
    let step = app
        .flows()
        .start(domain, StartOptions::user().device())
        .await
        .unwrap();
    let FlowStep::Device {
        flow_id,
        user_code,
        verification_uri_complete,
        interval,
        ..
    } = step
    else {
        panic!("{step:?}")
    };
    assert_eq!(user_code, MOCK_USER_CODE);
    assert!(verification_uri_complete.is_some());
    assert_eq!(interval, 1);
    flow_id
}

#[tokio::test]
async fn device_polls_wait_out_pending_and_slow_down_at_the_interval() {
    let (_db, mock, app) = device_app("device_wire", true).await;
    let flow_id = start(&app, "device_wire").await;
    let started = Instant::now();
    let request = &mock.requests_to("/device_authorization")[0];
    assert_eq!(request.param("scope"), Some("read"));
    assert_eq!(
        request.param("client_id"),
        Some(mock.config().client_id.as_str())
    );
    assert!(
        request.param("client_secret").is_some(),
        "client authentication"
    );

    // Before the interval nobody polls, however many ask.
    let early = futures_like_join(&app, &flow_id, 10).await;
    assert!(early.iter().all(|s| matches!(s, FlowStep::Device { .. })));
    assert!(polls(&mock).is_empty());

    mock.inject(Failure::OAuthError("authorization_pending"));
    mock.inject(Failure::OAuthError("slow_down"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let _ = futures_like_join(&app, &flow_id, 10).await;
    assert_eq!(polls(&mock).len(), 1, "one poll per interval, whoever asks");

    let step = app.flows().wait_device(&flow_id).await.unwrap();
    let FlowStep::CreateEntry { account, .. } = step else {
        panic!("{step:?}")
    };
    let polls = polls(&mock);
    assert_eq!(polls.len(), 3, "pending, slow_down, then the token");
    assert_eq!(polls[0].param("device_code"), Some("mock-device-code"));
    // slow_down made the interval 1 + 5 s from the second poll on.
    assert!(
        started.elapsed() >= Duration::from_secs(7),
        "{:?}",
        started.elapsed()
    );
    let token = app.accounts().get(&account.id).await.unwrap().token;
    assert!(token.refresh_token.is_some());
}

/// `count` concurrent `status` calls of flow `flow_id`.
async fn futures_like_join(app: &App, flow_id: &str, count: usize) -> Vec<FlowStep> {
    let mut tasks = Vec::new();
    for _ in 0..count {
        let flows = app.flows();
        let flow_id = flow_id.to_owned();
        tasks.push(tokio::spawn(async move {
            flows.status(&flow_id).await.unwrap()
        }));
    }
    let mut steps = Vec::new();
    for task in tasks {
        steps.push(task.await.unwrap());
    }
    steps
}

#[tokio::test]
async fn device_access_denied_and_expired_token_end_the_flow() {
    let (_db, mock, app) = device_app("device_ends", true).await;
    let flow_id = start(&app, "device_ends").await;
    mock.inject(Failure::OAuthError("access_denied"));
    let step = app.flows().wait_device(&flow_id).await.unwrap();
    assert_eq!(
        step.abort_reason(),
        Some(AbortReason::UserRejectedAuthorize),
        "{step:?}"
    );
    assert_eq!(
        app.flows().status(&flow_id).await.unwrap(),
        step,
        "the result stays"
    );

    let flow_id = start(&app, "device_ends").await;
    mock.inject(Failure::OAuthError("expired_token"));
    let step = app.flows().wait_device(&flow_id).await.unwrap();
    assert_eq!(
        step.abort_reason(),
        Some(AbortReason::OauthTimeout),
        "{step:?}"
    );
    let FlowStep::Abort {
        description_placeholders,
        ..
    } = &step
    else {
        panic!()
    };
    assert_eq!(description_placeholders["error"], "expired_token");
    assert!(app.accounts().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn device_flow_refused_without_a_device_endpoint() {
    let (_db, mock, app) = device_app("device_none", false).await;
    let error = app
        .flows()
        .start("device_none", StartOptions::user().device())
        .await
        .unwrap_err();
    assert_eq!(error.code(), "no_device_flow");
    assert!(error.to_string().contains("browser"), "{error}");
    assert!(mock.requests().is_empty(), "nothing sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn device_polls_are_claimed_once_per_interval_on_postgres_across_instances() {
    let Some(db) = TestDb::new(Kind::Postgres).await else {
        return;
    };
    let (db, mock, first) = device_app_on(db, "device_pg", true).await;
    let domain = TestDomain::new("device_pg");
    domain.declare(
        server_of(&mock)
            .scopes(["read"])
            .device_authorization_url(mock.device_authorization_url()),
    );
    let second = app(&db, &domain, EngineConfig::default()).await;
    let flow_id = start(&first, "device_pg").await;
    mock.inject(Failure::OAuthError("authorization_pending"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let mut steps = futures_like_join(&first, &flow_id, 10).await;
    steps.extend(futures_like_join(&second, &flow_id, 10).await);
    assert!(steps.iter().all(|s| matches!(s, FlowStep::Device { .. })));
    assert_eq!(
        polls(&mock).len(),
        1,
        "one poll for twenty callers on two instances"
    );
    let step = second.flows().wait_device(&flow_id).await.unwrap();
    assert!(matches!(step, FlowStep::CreateEntry { .. }), "{step:?}");
    assert_eq!(polls(&mock).len(), 2);
}
