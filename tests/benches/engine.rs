//! Throughput of the OAuth engine against a static token endpoint on loopback, next to a bare
//! `reqwest` POST loop on the same endpoint.
//!
//! ```sh
//! cargo bench -p appcreds-tests --bench engine            # APPCREDS_BENCH_SECS=3 per measurement
//! ```
//!
//! Not a timed test: it prints numbers for `docs/engine.md`.
#![allow(clippy::print_stdout, reason = "a benchmark binary reports on stdout")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use appcreds::oauth::{
    AuthorizeRequest, CodeExchange, LocalImplementation, OAuth2Implementation, Pkce, TokenClient,
};
use appcreds::{AuthorizationServer, ClientCredential, Token};
use secrecy::SecretString;
use url::Url;

use common::{CONCURRENCY, bare_reqwest, measure, start_endpoint};

fn report(what: &str, concurrency: usize, per_second: f64, baseline: Option<f64>) {
    let ratio = baseline.map_or(String::new(), |b| {
        format!("  ({:.0} % of bare reqwest)", per_second / b * 100.0)
    });
    println!("{what:<42} {concurrency:>3} in flight {per_second:>12.0} /s{ratio}");
}

#[tokio::main(worker_threads = 2)]
async fn main() {
    let seconds = std::env::var("APPCREDS_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let duration = Duration::from_secs(seconds);
    let base = start_endpoint().await;
    let token_url = base.join("token").unwrap();
    let server = AuthorizationServer::new(base.join("authorize").unwrap(), token_url.clone())
        .scopes(["read", "write"])
        .authorize_param("access_type", "offline");
    let implementation = Arc::new(LocalImplementation::new(
        "bench",
        server.validate().unwrap(),
        ClientCredential::new("bench-client", "bench secret"),
        TokenClient::new().unwrap(),
    ));
    let redirect_uri = Url::parse("http://127.0.0.1:8123/auth/external/callback").unwrap();
    println!(
        "appcreds engine benchmark, {seconds} s per line, static token endpoint at {token_url}"
    );

    let pkce = Pkce::new_s256();
    let request = AuthorizeRequest::new(redirect_uri.clone(), "state-0123456789abcdef", &pkce);
    let (imp, req) = (Arc::clone(&implementation), request.clone());
    let urls = measure(duration, 1, move |_| {
        let (imp, req) = (Arc::clone(&imp), req.clone());
        async move {
            std::hint::black_box(imp.authorize_url(&req).await.unwrap());
            true
        }
    })
    .await
    .rate();
    report("authorize URL", 1, urls, None);

    let (imp, uri) = (Arc::clone(&implementation), redirect_uri.clone());
    let urls_with_pkce = measure(duration, 1, move |_| {
        let (imp, uri) = (Arc::clone(&imp), uri.clone());
        async move {
            let pkce = Pkce::new_s256();
            let request = AuthorizeRequest::new(uri, "state-0123456789abcdef", &pkce);
            std::hint::black_box(imp.authorize_url(&request).await.unwrap());
            true
        }
    })
    .await
    .rate();
    report(
        "authorize URL with a new PKCE pair",
        1,
        urls_with_pkce,
        None,
    );

    let mut old = Token::bearer("at-old");
    old.refresh_token = Some(SecretString::from("rt-0123456789abcdef0123456789abcdef"));
    let exchange = CodeExchange::new("code-0123456789abcdef", redirect_uri.clone(), &pkce);

    for concurrency in [1, CONCURRENCY] {
        let baseline = bare_reqwest(&token_url, duration, concurrency).await.rate();
        report("bare reqwest POST", concurrency, baseline, None);

        let (imp, ex) = (Arc::clone(&implementation), exchange.clone());
        let exchanges = measure(duration, concurrency, move |_| {
            let (imp, ex) = (Arc::clone(&imp), ex.clone());
            async move {
                std::hint::black_box(imp.exchange_code(&ex).await.unwrap());
                true
            }
        })
        .await
        .rate();
        report(
            "code exchange (LocalImplementation)",
            concurrency,
            exchanges,
            Some(baseline),
        );

        let (imp, token) = (Arc::clone(&implementation), old.clone());
        let refreshes = measure(duration, concurrency, move |_| {
            let (imp, token) = (Arc::clone(&imp), token.clone());
            async move {
                std::hint::black_box(imp.refresh_token(&token).await.unwrap());
                true
            }
        })
        .await
        .rate();
        report(
            "refresh (LocalImplementation)",
            concurrency,
            refreshes,
            Some(baseline),
        );
    }
}
