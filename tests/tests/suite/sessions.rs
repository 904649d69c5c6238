//! Sessions end to end: tokens refreshed when they expire within the margin, stored before they
//! are returned, one refresh however many callers and instances, the reauth latch, transient
//! failures that leave the token untouched — against the strict mock provider over real HTTP.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use appcreds::linking::{EngineConfig, SessionError};
use appcreds::store::AccountStatus;
use appcreds::{App, CredentialUpdate};
use appcreds_tests::flow_support::{
    TestDomain, add_credential, app, app_with, link, mock_config, mock_for,
};
use appcreds_tests::mock_provider::{Failure, MockProvider};
use appcreds_tests::store_harness::{Kind, TestDb};
use secrecy::{ExposeSecret, SecretString};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Makes the stored token of `account_id` expired (as if time had passed).
async fn expire(app: &App, account_id: &str) {
    let account = app.store().account(account_id).await.unwrap();
    let mut token = account.token.clone();
    token.expires_at = Some(now() - 1);
    app.store()
        .update_token(account_id, account.version, &token)
        .await
        .unwrap();
}

/// An app with one account of `domain` linked at a fresh mock (tokens valid one hour).
async fn linked(db: &TestDb, domain: &'static str) -> (App, MockProvider, String) {
    let test_domain = TestDomain::new(domain);
    let mock = mock_for(&test_domain, mock_config(Some(3600))).await;
    let app = app(db, &test_domain, EngineConfig::default()).await;
    add_credential(&app, domain, &mock, None).await;
    let account = link(&app, &mock, domain).await;
    (app, mock, account.id)
}

#[tokio::test]
async fn a_valid_token_is_used_as_it_is() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let (app, mock, id) = linked(&db, "fresh").await;
    let token = app
        .session(&id)
        .await
        .unwrap()
        .access_token()
        .await
        .unwrap();
    let stored = app.store().account(&id).await.unwrap().token;
    assert_eq!(token.expose_secret(), stored.access_token.expose_secret());
    assert_eq!(mock.refresh_count(), 0);
}

#[tokio::test]
async fn an_expiring_token_is_refreshed_and_stored_first() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let (app, mock, id) = linked(&db, "expiring").await;
    let before = app.store().account(&id).await.unwrap();
    // 19 s left is inside the 20 s margin (Home Assistant's test case).
    let mut token = before.token.clone();
    token.expires_at = Some(now() + 19);
    app.store()
        .update_token(&id, before.version, &token)
        .await
        .unwrap();

    let session = app.session(&id).await.unwrap();
    let fresh = session.access_token().await.unwrap();
    assert_eq!(mock.refresh_count(), 1);
    let after = app.store().account(&id).await.unwrap();
    assert_eq!(
        fresh.expose_secret(),
        after.token.access_token.expose_secret(),
        "stored before returned"
    );
    assert_ne!(
        fresh.expose_secret(),
        before.token.access_token.expose_secret()
    );
    let rotated = after
        .token
        .refresh_token
        .as_ref()
        .unwrap()
        .expose_secret()
        .to_owned();
    assert_ne!(
        rotated,
        before.token.refresh_token.as_ref().unwrap().expose_secret(),
        "the rotated refresh token is kept"
    );
    // The next refresh uses the rotated refresh token: the mock would revoke the grant otherwise.
    expire(&app, &id).await;
    session.access_token().await.unwrap();
    assert_eq!(
        mock.last_token_request().unwrap().param("refresh_token"),
        Some(rotated.as_str())
    );
    assert_eq!((mock.revoked_grants(), mock.active_grants()), (0, 1));
}

#[tokio::test]
async fn two_hundred_concurrent_callers_cause_one_refresh() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let (app, mock, id) = linked(&db, "crowd").await;
    expire(&app, &id).await;
    let session = app.session(&id).await.unwrap();
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let session = session.clone();
            tokio::spawn(async move {
                session
                    .access_token()
                    .await
                    .unwrap()
                    .expose_secret()
                    .to_owned()
            })
        })
        .collect();
    let mut tokens = Vec::new();
    for task in tasks {
        tokens.push(task.await.unwrap());
    }
    tokens.dedup();
    assert_eq!(tokens.len(), 1, "every caller got the one new token");
    assert_eq!(mock.refresh_count(), 1);
    assert_eq!(mock.revoked_grants(), 0);
}

async fn two_instances_share_one_refresh(kind: Kind, domain: &'static str) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let (first, mock, id) = linked(&db, domain).await;
    let second = app_with(&db, first.registry().clone(), EngineConfig::default()).await;
    expire(&first, &id).await;
    let mut tasks = Vec::new();
    for i in 0..100 {
        let app = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        let id = id.clone();
        tasks.push(tokio::spawn(async move {
            app.session(&id)
                .await
                .unwrap()
                .access_token()
                .await
                .unwrap()
                .expose_secret()
                .to_owned()
        }));
    }
    let mut tokens = Vec::new();
    for task in tasks {
        tokens.push(task.await.unwrap());
    }
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), 1);
    assert_eq!(mock.refresh_count(), 1, "one refresh across both instances");
    assert_eq!(mock.revoked_grants(), 0);
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_sqlite_file_refresh_once() {
    two_instances_share_one_refresh(Kind::Sqlite, "pair_sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_database_refresh_once() {
    two_instances_share_one_refresh(Kind::Postgres, "pair_postgres").await;
}

#[tokio::test]
async fn a_refused_refresh_latches_the_account_until_reauth() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let (app, mock, id) = linked(&db, "refused").await;
    for failure in [
        Failure::Status(400),
        Failure::Status(401),
        Failure::ErrorWith200,
    ] {
        expire(&app, &id).await; // also clears the latch: update_token sets the status back to ok
        mock.inject(failure.clone());
        let session = app.session(&id).await.unwrap();
        let error = session.access_token().await.unwrap_err();
        assert!(
            matches!(error, SessionError::ReauthRequired { .. }),
            "{failure:?}: {error:?}"
        );
        assert_eq!(
            app.store().account(&id).await.unwrap().status,
            AccountStatus::NeedsReauth
        );
        let requests = mock.token_requests().len();
        for _ in 0..3 {
            assert!(matches!(
                session.access_token().await,
                Err(SessionError::ReauthRequired { .. })
            ));
        }
        assert_eq!(
            mock.token_requests().len(),
            requests,
            "{failure:?}: no refresh is attempted while latched"
        );
    }
}

#[tokio::test]
async fn a_passing_failure_leaves_the_stored_token_untouched() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let (app, mock, id) = linked(&db, "passing").await;
    expire(&app, &id).await;
    let session = app.session(&id).await.unwrap();
    for failure in [
        Failure::Status(429),
        Failure::Status(500),
        Failure::Status(503),
        Failure::NonJson,
        Failure::MissingAccessToken,
    ] {
        let before = app.store().account(&id).await.unwrap();
        mock.inject(failure.clone());
        let error = session.access_token().await.unwrap_err();
        assert!(
            matches!(error, SessionError::Refresh { .. }),
            "{failure:?}: {error:?}"
        );
        let after = app.store().account(&id).await.unwrap();
        assert_eq!(
            (after.version, after.status),
            (before.version, AccountStatus::Ok),
            "{failure:?}"
        );
        assert_eq!(
            after.token.access_token.expose_secret(),
            before.token.access_token.expose_secret()
        );
    }
    session.access_token().await.unwrap();
    assert_eq!(
        app.store()
            .account(&id)
            .await
            .unwrap()
            .token
            .expires_at
            .map(|at| at > now()),
        Some(true)
    );
}

#[tokio::test]
async fn a_token_without_refresh_token_needs_reauth() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let (app, mock, id) = linked(&db, "unrefreshable").await;
    let account = app.store().account(&id).await.unwrap();
    let mut token = account.token.clone();
    token.refresh_token = None;
    token.expires_at = Some(now() - 1);
    app.store()
        .update_token(&id, account.version, &token)
        .await
        .unwrap();
    let requests = mock.token_requests().len();
    let error = app
        .session(&id)
        .await
        .unwrap()
        .access_token()
        .await
        .unwrap_err();
    assert!(
        matches!(error, SessionError::ReauthRequired { .. }),
        "{error:?}"
    );
    assert_eq!(mock.token_requests().len(), requests);
}

#[tokio::test]
async fn the_next_refresh_uses_a_rotated_secret() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let (app, mock, id) = linked(&db, "rotated").await;
    let credential = app
        .credentials()
        .list_for_domain("rotated")
        .await
        .unwrap()
        .remove(0);
    app.credentials()
        .update(
            &credential.id,
            CredentialUpdate {
                name: None,
                client_secret: Some(SecretString::from("rotated secret".to_owned())),
            },
        )
        .await
        .unwrap();
    expire(&app, &id).await;
    // The mock still knows the old secret, so it refuses: what matters is what it received.
    let _ = app.session(&id).await.unwrap().access_token().await;
    assert_eq!(
        mock.last_token_request().unwrap().param("client_secret"),
        Some("rotated secret")
    );
}

/// A resource server that rejects the first access token it sees and records the headers.
async fn resource_server(first_token: String) -> (String, Arc<Mutex<Vec<Vec<String>>>>) {
    use axum::http::{HeaderMap, StatusCode};
    let seen: Arc<Mutex<Vec<Vec<String>>>> = Arc::default();
    let record = seen.clone();
    let handler = move |headers: HeaderMap| {
        let record = record.clone();
        let first_token = first_token.clone();
        async move {
            let values: Vec<String> = headers
                .get_all("authorization")
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect();
            let rejected = values
                .first()
                .is_some_and(|v| *v == format!("Bearer {first_token}"));
            record.lock().unwrap().push(values);
            if rejected {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::OK
            }
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            axum::Router::new().route("/api", axum::routing::get(handler)),
        )
        .await
    });
    (url, seen)
}

#[tokio::test]
async fn a_token_without_expiry_is_used_until_the_api_rejects_it() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let domain = TestDomain::new("rejected_by_api");
    let mock = mock_for(&domain, mock_config(None)).await;
    let app = app(&db, &domain, EngineConfig::default()).await;
    add_credential(&app, "rejected_by_api", &mock, None).await;
    let account = link(&app, &mock, "rejected_by_api").await;
    let stored = app.store().account(&account.id).await.unwrap().token;
    assert_eq!(
        stored.expires_at, None,
        "no expires_in: no known expiry, and the flow did not fail"
    );
    let session = app.session(&account.id).await.unwrap();
    assert_eq!(
        session.access_token().await.unwrap().expose_secret(),
        stored.access_token.expose_secret()
    );
    assert_eq!(mock.refresh_count(), 0, "never refreshed ahead of time");

    let (url, seen) = resource_server(stored.access_token.expose_secret().to_owned()).await;
    let client = reqwest::Client::new();
    let response = session
        .request(
            client
                .get(&url)
                .header("Authorization", "Bearer caller-supplied"),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        mock.refresh_count(),
        1,
        "the 401 made the session refresh once"
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    for headers in seen.iter() {
        assert_eq!(
            headers.len(),
            1,
            "exactly one Authorization header: {headers:?}"
        );
        assert!(!headers[0].contains("caller-supplied"));
    }
}

#[tokio::test]
async fn the_background_refresh_keeps_idle_accounts_fresh() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let (app, mock, expiring) = linked(&db, "background").await;
    let idle = link(&app, &mock, "background").await.id;
    let account = app.store().account(&expiring).await.unwrap();
    let mut token = account.token.clone();
    token.expires_at = Some(now() + 50);
    app.store()
        .update_token(&expiring, account.version, &token)
        .await
        .unwrap();

    app.refresh_expiring(Duration::from_secs(60)).await;
    assert_eq!(
        mock.refresh_count(),
        1,
        "only the account expiring within the horizon"
    );
    assert!(
        app.store()
            .account(&expiring)
            .await
            .unwrap()
            .token
            .expires_at
            .unwrap()
            > now() + 3000
    );
    assert_eq!(app.store().account(&idle).await.unwrap().version, 1);
}

/// Home Assistant's reference: an account whose application credential no longer exists needs
/// reauthorization, latched like a refused refresh, not a passing failure to retry.
#[tokio::test]
async fn an_account_whose_credential_is_gone_needs_reauth() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let (app, mock, id) = linked(&db, "orphaned").await;
    expire(&app, &id).await;
    db.execute_raw("DELETE FROM appcreds_credentials").await;
    for _ in 0..2 {
        let error = app
            .session(&id)
            .await
            .unwrap()
            .access_token()
            .await
            .unwrap_err();
        assert!(
            matches!(error, SessionError::ReauthRequired { .. }),
            "{error:?}"
        );
    }
    let account = app.store().account(&id).await.unwrap();
    assert_eq!(account.status, AccountStatus::NeedsReauth);
    assert_eq!(mock.refresh_count(), 0);
}
