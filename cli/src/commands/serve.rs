//! `appcreds serve [--bind] [--data-dir] [--database-url] [--external-url] [--demo]`.

use std::io::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use appcreds::Url;
use appcreds::http::{ADMIN_TOKEN_FILE, AdminToken, HttpConfig};

use crate::cli::AppArgs;

/// How often linked accounts about to expire are refreshed in the background.
const BACKGROUND_REFRESH: Duration = Duration::from_secs(300);

pub(crate) async fn run(bind: SocketAddr, args: AppArgs) -> anyhow::Result<()> {
    let app = args.open_serving(format!("http://{bind}")).await?;
    let external_url = app.context().external_url().clone();
    if let Some(warning) = plain_http_warning(bind, &external_url) {
        tracing::warn!("{warning}");
        eprintln!("warning: {warning}");
    }
    let admin = AdminToken::load_or_create(&args.data_dir).context("the admin token")?;
    let config = HttpConfig::new(admin.clone()).command_args(args.command_args());
    let mut router = appcreds::http::router(app.clone(), config);
    if args.demo {
        router = router.merge(args.demo_provider(&app).router());
    }
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}: pick a free port with --bind"))?;
    let address = listener.local_addr()?;
    let refresher = app.spawn_background_refresh(BACKGROUND_REFRESH);
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "appcreds is listening on http://{address}")?;
        let token_file = args.data_dir.join(ADMIN_TOKEN_FILE);
        if admin.was_created() {
            writeln!(out, "open {external_url} and log in with the admin token:")?;
            writeln!(out, "admin token: {}", admin.expose())?;
            writeln!(out, "(kept in {})", token_file.display())?;
        } else {
            writeln!(
                out,
                "open {external_url} and log in with the admin token kept in {}",
                token_file.display()
            )?;
        }
        writeln!(
            out,
            "redirect URI to register at providers: {}",
            app.context().redirect_uri()
        )?;
        if args.demo {
            writeln!(
                out,
                "demo: add a credential for `demo` with client ID `{}` and secret `{}`, then link it (user `{}`, password `{}`)",
                appcreds_demo::CLIENT_ID,
                appcreds_demo::CLIENT_SECRET,
                appcreds_demo::USER.0,
                appcreds_demo::USER.1
            )?;
        }
        out.flush()?;
    }
    tracing::info!(%address, demo = args.demo, "serving");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving HTTP")?;
    refresher.abort();
    app.store().close().await;
    Ok(())
}

/// The warning for a server reachable from other machines over plain HTTP: the admin token, the
/// page's cookie and every token handed out would cross the network readable.
fn plain_http_warning(bind: SocketAddr, external_url: &Url) -> Option<String> {
    (!bind.ip().is_loopback() && external_url.scheme() == "http").then(|| {
        format!(
            "listening on {bind}, which other machines can reach, with the plain-HTTP external URL {external_url}: the admin token, the page's session cookie and access tokens cross the network unencrypted; put an HTTPS reverse proxy in front and pass --external-url https://..., or bind 127.0.0.1"
        )
    })
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_on_a_reachable_address_is_warned_about() {
        let http = Url::parse("http://192.0.2.7:8123").unwrap();
        let https = Url::parse("https://home.example.com").unwrap();
        let any: SocketAddr = "0.0.0.0:8123".parse().unwrap();
        let loopback: SocketAddr = "127.0.0.1:8123".parse().unwrap();
        assert!(plain_http_warning(any, &http).is_some_and(|w| w.contains("0.0.0.0:8123")));
        assert_eq!(plain_http_warning(any, &https), None);
        assert_eq!(plain_http_warning(loopback, &http), None);
    }
}
