//! Throughput of every path through the store, in one run: `Session` refresh with the stored
//! rotation, `Flows::start`, `Flows::callback`, and over real TCP through the real `appcreds`
//! router the credential list (with none, 1,000 and 5,000 linked accounts), `config_entries`, the
//! token route and the callback route; each on a SQLite file on disk (under the target directory)
//! and on PostgreSQL when `APPCREDS_TEST_POSTGRES_URL` is set. A bare `reqwest` POST loop on the
//! same static token endpoint is the ceiling.
//!
//! ```sh
//! cargo bench -p appcreds-tests --bench paths              # APPCREDS_BENCH_SECS=3 per measurement
//! cargo bench -p appcreds-tests --bench paths -- --quick   # smoke run: small sets, 0.2 s each
//! cargo bench -p appcreds-tests --bench paths -- --only session_refresh_sqlite   # one path (to profile)
//! ```
//!
//! Prints a table, then as its last line one JSON object: measurement name → operations per
//! second. Only public APIs of `appcreds` are used. Not a timed test: the figures go to
//! `docs/performance.md`.
#![allow(clippy::print_stdout, reason = "a benchmark binary reports on stdout")]

mod common;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use appcreds::http::{AdminToken, HttpConfig};
use appcreds::linking::{CallbackQuery, EngineConfig, FlowStep, StartOptions};
use appcreds::{App, AuthorizationServer, NewCredential};
use appcreds_tests::flow_support::{TestDomain, app_with, registry_of};
use appcreds_tests::store_harness::{Kind, TestDb};
use reqwest::StatusCode;
use secrecy::SecretString;
use url::Url;

use common::{CONCURRENCY, Measured, bare_reqwest, measure, start_endpoint};

/// The domain flows and sessions run on: one credential.
const DOMAIN: &str = "bench";
/// The domain holding the other credentials of the listing database.
const LISTED: &str = "listed";
const ADMIN_TOKEN: &str = "bench-admin-token-0123456789abcdef0123456789";

/// How long each measurement runs and how big the listing database grows.
#[derive(Debug, Clone)]
struct Plan {
    duration: Duration,
    credentials: usize,
    accounts: usize,
    many_accounts: usize,
    quick: bool,
    /// `--only NAME`: only the measurements whose name contains NAME (to profile one path).
    only: Option<String>,
}

impl Plan {
    fn from_args() -> Plan {
        let args: Vec<String> = std::env::args().collect();
        let quick = args.iter().any(|arg| arg == "--quick");
        let only = args
            .iter()
            .position(|arg| arg == "--only")
            .and_then(|i| args.get(i + 1).cloned());
        let seconds = std::env::var("APPCREDS_BENCH_SECS")
            .ok()
            .and_then(|s| s.parse::<f64>().ok());
        match quick {
            true => Plan {
                duration: Duration::from_secs_f64(seconds.unwrap_or(0.2)),
                credentials: 20,
                accounts: 20,
                many_accounts: 100,
                quick,
                only: only.clone(),
            },
            false => Plan {
                duration: Duration::from_secs_f64(seconds.unwrap_or(3.0)),
                credentials: 1_000,
                accounts: 1_000,
                many_accounts: 5_000,
                quick,
                only,
            },
        }
    }
}

/// One line of the table.
struct Row {
    name: String,
    measured: Measured,
}

/// The lines of one backend, filtered by `--only`.
struct Rows<'a> {
    rows: &'a mut Vec<Row>,
    backend: &'a str,
    plan: &'a Plan,
}

impl Rows<'_> {
    fn wants(&self, name: &str) -> bool {
        let full = format!("{name}_{}", self.backend);
        self.plan
            .only
            .as_deref()
            .is_none_or(|only| full.contains(only))
    }

    fn wants_any(&self, names: &[&str]) -> bool {
        names.iter().any(|name| self.wants(name))
    }

    fn record(&mut self, name: &str, measured: Measured) {
        if self.wants(name) {
            self.rows.push(Row {
                name: format!("{name}_{}", self.backend),
                measured,
            });
        }
    }

    /// Measures `op` under `name` for the plan's duration, 16 in flight, if `--only` wants it.
    async fn measure<F, Fut>(&mut self, name: &str, op: F)
    where
        F: Fn(usize) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = bool> + Send,
    {
        if self.wants(name) {
            let measured = measure(self.plan.duration, CONCURRENCY, op).await;
            self.record(name, measured);
        }
    }
}

/// An app on a fresh database, its router served on loopback, and an authenticated client.
struct Bench {
    db: TestDb,
    app: App,
    base: Url,
    client: reqwest::Client,
    server: tokio::task::JoinHandle<()>,
}

impl Bench {
    /// A fresh database of `kind` (the SQLite file under `parent`) with the `bench` domain's one
    /// credential; `None` when PostgreSQL is not configured.
    async fn open(kind: Kind, parent: &std::path::Path, endpoint: &Url) -> Option<Bench> {
        let db = TestDb::new_in(kind, parent).await?;
        let (bench, listed) = (TestDomain::new(DOMAIN), TestDomain::new(LISTED));
        for domain in [&bench, &listed] {
            domain.declare(AuthorizationServer::new(
                endpoint.join("authorize").unwrap(),
                endpoint.join("token").unwrap(),
            ));
        }
        let app = app_with(
            &db,
            registry_of(&[&bench, &listed]),
            EngineConfig::default(),
        )
        .await;
        add_credential(&app, DOMAIN, "bench-client").await;
        let admin = AdminToken::new(SecretString::from(ADMIN_TOKEN.to_owned()));
        let router = appcreds::http::router(app.clone(), HttpConfig::new(admin));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
        let server = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::AUTHORIZATION,
            format!("Bearer {ADMIN_TOKEN}").parse().unwrap(),
        );
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap();
        Some(Bench {
            db,
            app,
            base,
            client,
            server,
        })
    }

    async fn close(self) {
        self.server.abort();
        self.app.store().close().await;
        self.db.cleanup().await;
    }

    /// `GET path` on the router, expecting `status`; the body is read.
    fn get(&self, path: &str, status: StatusCode) -> impl Fn(usize) -> Request + Clone + use<> {
        let (client, url) = (self.client.clone(), self.base.join(path).unwrap());
        move |_| Request {
            builder: client.get(url.clone()),
            status,
            location: None,
        }
    }
}

/// A request, the status it must get and, for a redirect, where it must lead.
struct Request {
    builder: reqwest::RequestBuilder,
    status: StatusCode,
    location: Option<&'static str>,
}

impl Request {
    async fn send(self) -> bool {
        let response = self.builder.send().await.unwrap();
        assert_eq!(response.status(), self.status, "{}", response.url());
        if let Some(prefix) = self.location {
            let location = response.headers().get(reqwest::header::LOCATION);
            let location = location.and_then(|l| l.to_str().ok()).unwrap_or_default();
            assert!(location.starts_with(prefix), "redirected to {location}");
        }
        std::hint::black_box(response.bytes().await.unwrap());
        true
    }
}

async fn add_credential(app: &App, domain: &str, client_id: &str) {
    app.credentials()
        .create(NewCredential {
            domain: domain.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: SecretString::from(format!("{client_id} secret")),
            name: None,
        })
        .await
        .expect("the credential is stored");
}

/// Starts a flow on `bench`; the callback query the provider would send back.
async fn start_flow(app: &App) -> String {
    let step = app
        .flows()
        .start(DOMAIN, StartOptions::user())
        .await
        .expect("the flow starts");
    let FlowStep::External { authorize_url, .. } = step else {
        panic!("expected an external step, got {step:?}");
    };
    let state = authorize_url
        .query_pairs()
        .find(|(key, _)| key == "state")
        .expect("the authorize URL carries a state")
        .1;
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("code", "bench-code")
        .append_pair("state", &state)
        .finish()
}

/// Delivers a callback; the new account's id.
async fn finish_flow(app: &App, query: &str) -> String {
    match app.flows().callback(&CallbackQuery::parse(query)).await {
        Ok(FlowStep::CreateEntry { account, .. }) => account.id,
        other => panic!("expected a linked account, got {other:?}"),
    }
}

/// Runs `op(i)` for `i` in `0..n`, 16 at a time; the results in no particular order.
async fn concurrently<T, F, Fut>(n: usize, op: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = T> + Send,
{
    let (op, next) = (Arc::new(op), Arc::new(AtomicUsize::new(0)));
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (op, next) = (Arc::clone(&op), Arc::clone(&next));
            tokio::spawn(async move {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return done;
                    }
                    done.push(op(i).await);
                }
            })
        })
        .collect();
    let mut all = Vec::with_capacity(n);
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all
}

/// Links `n` accounts on `bench` (flow started, callback delivered); their ids.
async fn link_accounts(app: &App, n: usize) -> Vec<String> {
    let app = app.clone();
    concurrently(n, move |_| {
        let app = app.clone();
        async move { finish_flow(&app, &start_flow(&app).await).await }
    })
    .await
}

/// Prepared callbacks, shared by the tasks that start flows and those that deliver them.
type Pool = Arc<Mutex<Vec<String>>>;

/// Starts flows for `duration`, 16 at a time, filling `pool`.
async fn fill_pool(app: &App, pool: &Pool, duration: Duration) -> Measured {
    let (app, pool) = (app.clone(), Arc::clone(pool));
    measure(duration, CONCURRENCY, move |_| {
        let (app, pool) = (app.clone(), Arc::clone(&pool));
        async move {
            let query = start_flow(&app).await;
            pool.lock().unwrap().push(query);
            true
        }
    })
    .await
}

fn take(pool: &Pool) -> Option<String> {
    pool.lock().unwrap().pop()
}

/// Refresh, flows, the token route and the callback route, on one database.
async fn paths(bench: &Bench, rows: &mut Rows<'_>) {
    let accounts = link_accounts(&bench.app, CONCURRENCY).await;
    let mut sessions = Vec::new();
    for id in &accounts {
        sessions.push(bench.app.session(id).await.unwrap());
    }
    let sessions = Arc::new(sessions);
    rows.measure("session_refresh", move |task| {
        let sessions = Arc::clone(&sessions);
        async move {
            std::hint::black_box(sessions[task].refresh().await.unwrap());
            true
        }
    })
    .await;

    // The flows started are the callbacks delivered next.
    let pool = Pool::default();
    if rows.wants("flows_start") || rows.wants("flows_callback") {
        let started = fill_pool(&bench.app, &pool, rows.plan.duration).await;
        rows.record("flows_start", started);
    }
    let (app, flows) = (bench.app.clone(), Arc::clone(&pool));
    rows.measure("flows_callback", move |_| {
        let (app, query) = (app.clone(), take(&flows));
        async move {
            let Some(query) = query else { return false };
            std::hint::black_box(finish_flow(&app, &query).await);
            true
        }
    })
    .await;

    let (client, base) = (bench.client.clone(), bench.base.clone());
    let accounts = Arc::new(accounts);
    rows.measure("http_token", move |task| {
        let url = base
            .join(&format!("api/config_entries/{}/token", accounts[task]))
            .unwrap();
        let request = Request {
            builder: client.post(url),
            status: StatusCode::OK,
            location: None,
        };
        request.send()
    })
    .await;

    if !rows.wants("http_callback") {
        return;
    }
    pool.lock().unwrap().clear();
    fill_pool(&bench.app, &pool, rows.plan.duration).await;
    let (client, base) = (bench.client.clone(), bench.base.clone());
    rows.measure("http_callback", move |_| {
        let query = take(&pool);
        let request = query.map(|query| {
            let mut url = base.join("auth/external/callback").unwrap();
            url.set_query(Some(&query));
            Request {
                builder: client.get(url),
                status: StatusCode::SEE_OTHER,
                location: Some("/auth/external/result/"),
            }
        });
        async move {
            match request {
                Some(request) => request.send().await,
                None => false,
            }
        }
    })
    .await;
}

/// The listing routes on a database that grows: 1,000 credentials, then one account, then 1,000,
/// then 5,000.
async fn listing(bench: &Bench, rows: &mut Rows<'_>) {
    let plan = rows.plan;
    let app = bench.app.clone();
    concurrently(plan.credentials - 1, move |i| {
        let app = app.clone();
        async move { add_credential(&app, LISTED, &format!("client-{i}")).await }
    })
    .await;
    let list = bench.get("api/application_credentials", StatusCode::OK);
    let list = move |task| list(task).send();
    rows.measure("http_credentials_list_no_accounts", list.clone())
        .await;
    if !rows.wants_any(&LISTING[1..]) {
        return;
    }
    link_accounts(&bench.app, 1).await;
    let entries = bench.get("api/config_entries", StatusCode::OK);
    rows.measure("http_config_entries", move |task| entries(task).send())
        .await;
    if !rows.wants_any(&LISTING[2..]) {
        return;
    }
    link_accounts(&bench.app, plan.accounts - 1).await;
    rows.measure("http_credentials_list", list.clone()).await;
    if !rows.wants_any(&LISTING[3..]) {
        return;
    }
    link_accounts(&bench.app, plan.many_accounts - plan.accounts).await;
    rows.measure("http_credentials_list_5000_accounts", list)
        .await;
}

/// The listing measurements, to skip building their database when `--only` wants none.
const LISTING: [&str; 4] = [
    "http_credentials_list_no_accounts",
    "http_config_entries",
    "http_credentials_list",
    "http_credentials_list_5000_accounts",
];

/// Where the SQLite files go: `<target>/bench-data`, beside the benchmark binary (on disk).
fn data_parent() -> PathBuf {
    let exe = std::env::current_exe().expect("the benchmark's path");
    let profile_dir = exe
        .ancestors()
        .find(|dir| dir.file_name().is_some_and(|n| n == "deps"))
        .and_then(|deps| deps.parent())
        .unwrap_or_else(|| exe.parent().expect("a directory"));
    let parent = profile_dir.join("bench-data");
    std::fs::create_dir_all(&parent).expect("the benchmark's data directory");
    parent
}

/// `/proc/loadavg`'s first three fields: how busy the (shared) machine was.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_owned(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

fn print_table(rows: &[Row], bare: f64) {
    println!(
        "{:<46} {:>12} {:>9} {:>9}",
        "measurement", "per second", "vs bare", "ops"
    );
    for row in rows {
        println!(
            "{:<46} {:>12.0} {:>8.1}% {:>9}",
            row.name,
            row.measured.rate(),
            row.measured.rate() / bare * 100.0,
            row.measured.ops
        );
    }
}

#[tokio::main(worker_threads = 2)]
async fn main() {
    let plan = Plan::from_args();
    let endpoint = start_endpoint().await;
    let parent = data_parent();
    println!(
        "appcreds paths benchmark: {:.1} s per measurement, {CONCURRENCY} in flight, {} cores, \
         SQLite files under {}, {} credentials, {} / {} accounts{}",
        plan.duration.as_secs_f64(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        parent.display(),
        plan.credentials,
        plan.accounts,
        plan.many_accounts,
        if plan.quick {
            " (quick: a smoke run, not figures)"
        } else {
            ""
        },
    );
    println!(
        "load average (1, 5, 15 min) at the start: {}",
        load_average()
    );
    let bare = bare_reqwest(&endpoint.join("token").unwrap(), plan.duration, CONCURRENCY).await;
    let mut rows = vec![Row {
        name: "bare_reqwest".to_owned(),
        measured: bare,
    }];
    for (kind, backend) in [(Kind::Sqlite, "sqlite"), (Kind::Postgres, "postgres")] {
        let Some(bench) = Bench::open(kind, &parent, &endpoint).await else {
            continue;
        };
        let mut table = Rows {
            rows: &mut rows,
            backend,
            plan: &plan,
        };
        paths(&bench, &mut table).await;
        bench.close().await;
        if table.wants_any(&LISTING) {
            let bench = Bench::open(kind, &parent, &endpoint).await.unwrap();
            listing(&bench, &mut table).await;
            bench.close().await;
        }
    }
    println!("load average (1, 5, 15 min) at the end: {}", load_average());
    print_table(&rows, bare.rate());
    let json: serde_json::Map<String, serde_json::Value> = rows
        .iter()
        .map(|row| {
            (
                row.name.clone(),
                (row.measured.rate().round() as u64).into(),
            )
        })
        .collect();
    println!("{}", serde_json::Value::Object(json));
}
