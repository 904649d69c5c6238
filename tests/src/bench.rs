//! What the benchmarks in `tests/benches/` share.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Runs `op` for `duration` with `concurrency` tasks; returns operations per second.
pub async fn rate<F, Fut>(duration: Duration, concurrency: usize, op: F) -> f64
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send,
{
    let op = Arc::new(op);
    for _ in 0..50 {
        op().await;
    }
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let op = Arc::clone(&op);
            tokio::spawn(async move {
                let mut count = 0u64;
                while start.elapsed() < duration {
                    op().await;
                    count += 1;
                }
                count
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        total += task.await.unwrap();
    }
    total as f64 / start.elapsed().as_secs_f64()
}
