//! PostgreSQL over TLS, against the local server with the test certificate `.ci/postgres-tls`
//! installs: it names `localhost` only, and its CA is at `APPCREDS_TEST_POSTGRES_CA`. Without that
//! variable the tests say so and skip, unless `APPCREDS_REQUIRE_ALL=1`.

use std::path::PathBuf;

use appcreds::store::PgTlsError;
use appcreds::{Store, StoreError};
use appcreds_tests::components;
use appcreds_tests::store_harness::{Kind, TestDb};
use sqlx::Connection as _;

/// The variable naming the test CA's certificate (PEM).
const CA_ENV: &str = "APPCREDS_TEST_POSTGRES_CA";

/// A fresh schema and the test CA, or `None` when either is not configured.
async fn setup(test: &str) -> Option<(TestDb, PathBuf)> {
    let db = TestDb::new(Kind::Postgres).await?;
    match std::env::var_os(CA_ENV) {
        Some(ca) => Some((db, PathBuf::from(ca))),
        None => {
            components::missing(
                test,
                &format!("{CA_ENV} (PostgreSQL with the test certificate)"),
                ".ci/postgres-tls target/pg-tls && export APPCREDS_TEST_POSTGRES_CA=$PWD/target/pg-tls/ca.pem",
            );
            db.cleanup().await;
            None
        }
    }
}

/// The test schema's URL on `host`, with TLS parameters added.
fn tls_url(db: &TestDb, host: &str, params: &[(&str, &str)]) -> String {
    let mut url = url::Url::parse(db.url.as_deref().expect("a PostgreSQL URL")).unwrap();
    url.set_host(Some(host)).unwrap();
    url.query_pairs_mut().extend_pairs(params);
    url.to_string()
}

/// Whether a connection made with `url` is encrypted, as the server sees it.
async fn server_sees_tls(url: &str) -> bool {
    let mut connection = sqlx::postgres::PgConnection::connect(url)
        .await
        .expect("a connection with the same URL");
    let (ssl,): (bool,) =
        sqlx::query_as("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&mut connection)
            .await
            .unwrap();
    ssl
}

/// A CA certificate (its key thrown away) that signed nothing the server holds.
const UNRELATED_CA: &str = "\
-----BEGIN CERTIFICATE-----\n\
MIIBsDCCAVegAwIBAgIUMnoEBWZqSwNHREWbMXdRKJwolgIwCgYIKoZIzj0EAwIw\n\
JTEjMCEGA1UEAwwaYXBwY3JlZHMgdW5yZWxhdGVkIHRlc3QgQ0EwIBcNMjYxMjAy\n\
MDk0NzM2WhgPMjEyNjExMDgwOTQ3MzZaMCUxIzAhBgNVBAMMGmFwcGNyZWRzIHVu\n\
cmVsYXRlZCB0ZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEplM+xtD3\n\
nJkTUl6S3VD3grZ1HmOWMHXf5DIQRnU6FrgjFDAa6jSe0WVT+LxX135zA7wtS6yZ\n\
d3j120MsNL3lXaNjMGEwHQYDVR0OBBYEFIdXdMKsZdn2EiehCnyDBrIGp4f4MB8G\n\
A1UdIwQYMBaAFIdXdMKsZdn2EiehCnyDBrIGp4f4MA8GA1UdEwEB/wQFMAMBAf8w\n\
DgYDVR0PAQH/BAQDAgIEMAoGCCqGSM49BAMCA0cAMEQCIEMuSRmRx4jz8q5cIXVj\n\
vvA3NkxbuNDqmOeZOVnDIyieAiByap1VU6KX4DhoQiBt7xqHYfP1HWiA0Pxk66G8\n\
P+OjSQ==\n\
-----END CERTIFICATE-----\n\
";

async fn open(db: &TestDb, url: &str) -> Result<Store, StoreError> {
    Store::open(&db.config().database_url(url)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_full_with_the_right_ca_connects() {
    let Some((db, ca)) = setup("verify_full_with_the_right_ca_connects").await else {
        return;
    };
    let ca = ca.display().to_string();
    let url = tls_url(
        &db,
        "localhost",
        &[("sslmode", "verify-full"), ("sslrootcert", &ca)],
    );
    let store = open(&db, &url)
        .await
        .expect("verify-full to the name in the certificate");
    store.close().await;
    assert!(server_sees_tls(&url).await);
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_full_refuses_a_host_the_certificate_does_not_name() {
    let Some((db, ca)) = setup("verify_full_refuses_a_host_the_certificate_does_not_name").await
    else {
        return;
    };
    let ca = ca.display().to_string();
    // The server is the same; the certificate names `localhost`, not `127.0.0.1`.
    let url = tls_url(
        &db,
        "127.0.0.1",
        &[("sslmode", "verify-full"), ("sslrootcert", &ca)],
    );
    let error = open(&db, &url)
        .await
        .expect_err("a name the certificate lacks");
    assert!(
        matches!(error, StoreError::PgTls(PgTlsError::Handshake { .. })),
        "{error:?}"
    );
    let message = error.to_string();
    for part in [
        "`127.0.0.1`",
        "sslmode=verify-full",
        "does not name this host",
    ] {
        assert!(message.contains(part), "{part} missing from: {message}");
    }
    // verify-ca checks the CA only: the same URL with it connects.
    let url = tls_url(
        &db,
        "127.0.0.1",
        &[("sslmode", "verify-ca"), ("sslrootcert", &ca)],
    );
    open(&db, &url).await.expect("verify-ca").close().await;
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn require_encrypts_without_a_ca() {
    let Some((db, _)) = setup("require_encrypts_without_a_ca").await else {
        return;
    };
    let url = tls_url(&db, "127.0.0.1", &[("sslmode", "require")]);
    open(&db, &url).await.expect("require").close().await;
    assert!(server_sees_tls(&url).await);
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ca_that_did_not_sign_the_certificate_is_refused() {
    let Some((db, _)) = setup("a_ca_that_did_not_sign_the_certificate_is_refused").await else {
        return;
    };
    let other = tempfile::tempdir().unwrap();
    let other_ca = other.path().join("other-ca.pem");
    std::fs::write(&other_ca, UNRELATED_CA).unwrap();
    let url = tls_url(
        &db,
        "localhost",
        &[
            ("sslmode", "verify-full"),
            ("sslrootcert", &other_ca.display().to_string()),
        ],
    );
    let error = open(&db, &url).await.expect_err("an unrelated CA");
    let message = error.to_string();
    assert!(message.contains("not signed by the CA"), "{message}");
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_root_cert_is_named_before_connecting() {
    let Some((db, _)) = setup("an_unreadable_root_cert_is_named_before_connecting").await else {
        return;
    };
    let url = tls_url(
        &db,
        "localhost",
        &[
            ("sslmode", "verify-full"),
            ("sslrootcert", "/nonexistent/appcreds-ca.pem"),
        ],
    );
    let error = open(&db, &url).await.expect_err("a missing CA file");
    assert!(
        error
            .to_string()
            .contains("`sslrootcert=/nonexistent/appcreds-ca.pem`"),
        "{error}"
    );
    db.cleanup().await;
}
