//! `appcreds serve [--bind] [--data-dir] [--database-url] [--external-url] [--demo]`.

use std::io::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use appcreds::http::{AdminToken, HttpConfig};

use crate::cli::AppArgs;

/// How often linked accounts about to expire are refreshed in the background.
const BACKGROUND_REFRESH: Duration = Duration::from_secs(300);

pub(crate) async fn run(bind: SocketAddr, mut args: AppArgs) -> anyhow::Result<()> {
    if args.external_url.is_none() {
        args.external_url = Some(format!("http://{bind}"));
    }
    let app = args.open().await?;
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
        writeln!(
            out,
            "open {} and log in with the admin token:",
            args.external_url()
        )?;
        writeln!(out, "admin token: {}", admin.expose())?;
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
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving HTTP")?;
    refresher.abort();
    app.store().close().await;
    Ok(())
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
