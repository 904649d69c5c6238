//! What the benchmarks share: the static token endpoint and the fixed-time, N-in-flight loop.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use url::Url;

/// What the static endpoint answers to every token request (exchange and refresh alike): a
/// rotated refresh token, no account identity (so every callback links a new account).
pub(crate) const TOKEN_BODY: &str = r#"{"access_token":"at-0123456789abcdef0123456789abcdef","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-0123456789abcdef0123456789abcdef","scope":"read write"}"#;

/// Requests in flight for the concurrent measurements.
pub(crate) const CONCURRENCY: usize = 16;

async fn static_token() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], TOKEN_BODY)
}

/// Starts the static token endpoint (`POST /token`) on loopback and returns its base URL.
pub(crate) async fn start_endpoint() -> Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = Router::new().route("/token", axum::routing::post(static_token));
    tokio::spawn(async move { axum::serve(listener, router).await });
    Url::parse(&format!("http://{address}/")).unwrap()
}

/// Operations done and the time they took.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Measured {
    /// Operations completed.
    pub(crate) ops: u64,
    /// Wall-clock time of the measurement.
    pub(crate) elapsed: Duration,
}

impl Measured {
    /// Operations per second.
    pub(crate) fn rate(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64()
    }
}

/// Runs `op(task)` in `concurrency` tasks for `duration` after a short warm-up, and counts the
/// operations. An operation that returns `false` had nothing left to do (a pool of prepared
/// callbacks ran dry): its task stops and is not counted.
pub(crate) async fn measure<F, Fut>(duration: Duration, concurrency: usize, op: F) -> Measured
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let op = Arc::new(op);
    for _ in 0..20 {
        op(0).await;
    }
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let op = Arc::clone(&op);
            tokio::spawn(async move {
                let mut count = 0u64;
                while start.elapsed() < duration && op(task).await {
                    count += 1;
                }
                count
            })
        })
        .collect();
    let mut ops = 0;
    for task in tasks {
        ops += task.await.unwrap();
    }
    Measured {
        ops,
        elapsed: start.elapsed(),
    }
}

/// The ceiling: a bare `reqwest` POST loop of a refresh form to `token_url`, the body read but not
/// parsed.
pub(crate) async fn bare_reqwest(
    token_url: &Url,
    duration: Duration,
    concurrency: usize,
) -> Measured {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = token_url.clone();
    measure(duration, concurrency, move |_| {
        let request = client
            .post(url.clone())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(
                "grant_type=refresh_token&refresh_token=rt-0123456789abcdef0123456789abcdef\
                 &client_id=bench-client&client_secret=bench+secret",
            );
        async move {
            let response = request.send().await.unwrap();
            std::hint::black_box(response.bytes().await.unwrap());
            true
        }
    })
    .await
}
