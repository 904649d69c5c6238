//! The SQLite driver choice, measured: the same reads and writes on the same file and schema,
//! through sqlx's `Any` pool as the store used it before (4 connections, WAL, `synchronous =
//! FULL`, a ping per acquire) and through the store as it is (rusqlite on reader threads and one
//! group-committing writer thread, also `synchronous = FULL`).
//!
//! ```sh
//! cargo bench -p appcreds-tests --bench sqlite_drivers     # APPCREDS_BENCH_SECS=3 per measurement
//! ```
//!
//! Not a timed test: it prints numbers for `docs/storage.md`.
#![allow(clippy::print_stdout, reason = "a benchmark binary reports on stdout")]

use std::str::FromStr as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use appcreds::{CredentialUpdate, Credentials, NewCredential, Store, StoreConfig};
use appcreds_tests::bench::rate;
use secrecy::SecretString;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor as _, Row as _};

const ROWS: usize = 1000;
const CONCURRENCY: usize = 16;

/// The pool the store used before: sqlx's `Any` driver over SQLite, configured as it was.
async fn any_pool(path: &std::path::Path) -> AnyPool {
    sqlx::any::install_default_drivers();
    let options = AnyConnectOptions::from_str(&format!("sqlite://{}", path.display())).unwrap();
    AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA synchronous = FULL").await?;
                conn.execute("PRAGMA busy_timeout = 15000").await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .unwrap()
}

const LIST: &str = "SELECT id, domain, client_id, name, auth_domain, created_at, updated_at
    FROM appcreds_credentials ORDER BY id";
const ONE: &str = "SELECT id, domain, client_id, name, auth_domain, created_at, updated_at
    FROM appcreds_credentials WHERE id = $1";
const TOUCH: &str = "UPDATE appcreds_credentials SET name = $1, updated_at = $2 WHERE id = $3";

/// A credential's plain columns, as decoded through `Any`.
type CredentialRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    i64,
);

fn report(what: &str, concurrency: usize, per_second: f64) {
    println!("{what:<52} {concurrency:>3} in flight {per_second:>10.0} /s");
}

/// Milliseconds one call of `op` takes, on average over `runs`.
async fn millis<F: std::future::Future<Output = ()>>(runs: u32, op: impl Fn() -> F) -> f64 {
    let start = Instant::now();
    for _ in 0..runs {
        op().await;
    }
    start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
}

#[tokio::main(worker_threads = 2)]
async fn main() {
    let seconds = std::env::var("APPCREDS_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let duration = Duration::from_secs(seconds);
    // On disk (not tmpfs): fsyncs cost what they cost. `target/` is on the same disk as the data.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let store = Store::open(&StoreConfig::new(dir.path())).await.unwrap();
    let credentials = Credentials::new(store.clone(), appcreds_tests::registries::integrations());
    for n in 0..ROWS {
        credentials
            .create(NewCredential {
                domain: "spotify".into(),
                client_id: format!("client-{n:04}"),
                client_secret: SecretString::from(format!("secret-{n}")),
                name: Some(format!("Credential {n}")),
            })
            .await
            .unwrap();
    }
    let ids: Arc<Vec<String>> = Arc::new(
        credentials
            .list()
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect(),
    );
    let any = any_pool(&dir.path().join("appcreds.db")).await;

    println!("{ROWS} credentials on a SQLite file on disk; {seconds} s per measurement\n");
    let ms = millis(50, || async {
        let rows = sqlx::query(LIST).fetch_all(&any).await.unwrap();
        let decoded: Vec<CredentialRow> = rows
            .iter()
            .map(|r| {
                (
                    r.get("id"),
                    r.get("domain"),
                    r.get("client_id"),
                    r.get("name"),
                    r.get("auth_domain"),
                    r.get("created_at"),
                    r.get("updated_at"),
                )
            })
            .collect();
        assert_eq!(decoded.len(), ROWS);
    })
    .await;
    println!("list {ROWS} rows, sqlx Any                             {ms:>8.2} ms");
    let ms = millis(50, || async {
        assert_eq!(credentials.list().await.unwrap().len(), ROWS);
    })
    .await;
    println!("list {ROWS} rows, store (rusqlite)                     {ms:>8.2} ms\n");

    let next = Arc::new(AtomicUsize::new(0));
    let pick = move |next: &AtomicUsize, ids: &[String]| {
        ids[next.fetch_add(1, Ordering::Relaxed) % ids.len()].clone()
    };
    let (pool, list, counter) = (any.clone(), ids.clone(), next.clone());
    let rate_any = rate(duration, CONCURRENCY, move || {
        let (pool, id) = (pool.clone(), pick(&counter, &list));
        async move {
            let row = sqlx::query(ONE).bind(id).fetch_one(&pool).await.unwrap();
            let _: String = row.get("client_id");
        }
    })
    .await;
    report("one row by id, sqlx Any", CONCURRENCY, rate_any);
    let (service, list, counter) = (credentials.clone(), ids.clone(), next.clone());
    let rate_store = rate(duration, CONCURRENCY, move || {
        let (service, id) = (service.clone(), pick(&counter, &list));
        async move {
            service.get(&id).await.unwrap();
        }
    })
    .await;
    report("one row by id, store (rusqlite)", CONCURRENCY, rate_store);

    let (pool, list, counter) = (any.clone(), ids.clone(), next.clone());
    let rate_any = rate(duration, CONCURRENCY, move || {
        let (pool, id) = (pool.clone(), pick(&counter, &list));
        async move {
            sqlx::query(TOUCH)
                .bind("renamed")
                .bind(1_i64)
                .bind(id)
                .execute(&pool)
                .await
                .unwrap();
        }
    })
    .await;
    report("durable update, sqlx Any", CONCURRENCY, rate_any);
    let (service, list, counter) = (credentials.clone(), ids.clone(), next.clone());
    let rate_store = rate(duration, CONCURRENCY, move || {
        let (service, id) = (service.clone(), pick(&counter, &list));
        async move {
            let update = CredentialUpdate {
                name: Some(Some("renamed".into())),
                client_secret: None,
            };
            service.update(&id, update).await.unwrap();
        }
    })
    .await;
    report(
        "durable update (+ read back), store, group commit",
        CONCURRENCY,
        rate_store,
    );
    any.close().await;
    store.close().await;
}
