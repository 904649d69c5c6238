//! `appcreds link DOMAIN`: listens for the callback on the external URL's port, prints the URL
//! to open, waits with a spinner until the provider sends the browser back, reports the result.

use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use appcreds::linking::{AbortReason, FlowStep, StartOptions};

use crate::cli::AppArgs;

/// What `link` was given besides the domain.
pub(crate) struct LinkOptions<'a> {
    pub(crate) credential: Option<&'a str>,
    pub(crate) inputs: &'a [(String, String)],
    pub(crate) timeout: Duration,
}

pub(crate) async fn run(
    domain: &str,
    options: LinkOptions<'_>,
    args: &AppArgs,
) -> anyhow::Result<()> {
    let LinkOptions {
        credential,
        inputs,
        timeout,
    } = options;
    let app = args.open().await?;
    let external = app.context().external_url().clone();
    let host = external
        .host_str()
        .unwrap_or("127.0.0.1")
        .trim_matches(['[', ']']);
    let port = external.port_or_known_default().unwrap_or(80);
    let listener = tokio::net::TcpListener::bind((host, port))
        .await
        .with_context(|| {
            format!(
                "cannot listen on {host}:{port} for the callback (is `appcreds serve` running there? stop it, or link from its page)"
            )
        })?;
    let mut router = appcreds::http::callback_router(app.clone());
    if args.demo {
        router = router.merge(args.demo_provider(&app).router());
    }
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    let flows = app.flows();
    let start = inputs
        .iter()
        .fold(StartOptions::user(), |start, (name, value)| {
            start.input(name, value)
        });
    let start = match credential {
        Some(id) => start.credential(id),
        None => start,
    };
    let mut step = match flows.start(domain, start).await {
        Err(appcreds::linking::FlowError::InvalidInput { message, .. }) => bail!(
            "{message} (give each value the integration needs with --input NAME=VALUE; appcreds integrations lists them)"
        ),
        step => step?,
    };
    if let FlowStep::PickImplementation {
        flow_id,
        implementations,
        ..
    } = &step
    {
        let Some(choice) = credential else {
            let ids: Vec<&str> = implementations.iter().map(|i| i.id.as_str()).collect();
            bail!(
                "`{domain}` has several credentials: pass --credential with one of {}",
                ids.join(", ")
            );
        };
        step = flows.pick(flow_id, choice).await?;
    }
    let result = match step {
        FlowStep::External {
            flow_id,
            authorize_url,
            ..
        } => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "The redirect URI registered at the provider must be: {}",
                app.context().redirect_uri()
            )?;
            writeln!(
                out,
                "Open this URL in a browser to link your {domain} account:"
            )?;
            writeln!(out, "{authorize_url}")?;
            out.flush()?;
            drop(out);
            wait(&flows, &flow_id, timeout).await
        }
        other => Ok(other),
    };
    server.abort();
    report(domain, result?)
}

/// Polls the flow until it ends, with a spinner on a terminal.
async fn wait(
    flows: &appcreds::linking::Flows,
    flow_id: &str,
    timeout: Duration,
) -> anyhow::Result<FlowStep> {
    let started = Instant::now();
    let spinner = std::io::stderr().is_terminal();
    let frames = ['|', '/', '-', '\\'];
    let mut frame = 0;
    if !spinner {
        eprintln!("waiting for the provider to send the browser back...");
    }
    loop {
        match flows.status(flow_id).await {
            Ok(step @ (FlowStep::CreateEntry { .. } | FlowStep::Abort { .. })) => {
                if spinner {
                    eprint!("\r\x1b[2K");
                }
                return Ok(step);
            }
            Ok(_) => {}
            Err(error) => return Err(error.into()),
        }
        if started.elapsed() > timeout {
            bail!(
                "no answer from the provider within {} s; run `appcreds link` again (or raise --timeout)",
                timeout.as_secs()
            );
        }
        if spinner {
            eprint!(
                "\r{} waiting for the browser ({} s)",
                frames[frame % 4],
                started.elapsed().as_secs()
            );
            frame += 1;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn report(domain: &str, step: FlowStep) -> anyhow::Result<()> {
    match step {
        FlowStep::CreateEntry { account, .. } => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "Linked the {} account {} (ID {}).",
                account.domain, account.title, account.id
            )?;
            writeln!(out, "Get a token with: appcreds token {}", account.id)?;
            Ok(())
        }
        FlowStep::Abort {
            reason: AbortReason::MissingCredentials,
            ..
        } => bail!(
            "No application credential for {domain}. Add one with appcreds credentials add --domain {domain} --client-id ID (secret on standard input), then link again."
        ),
        FlowStep::Abort {
            reason: AbortReason::ReauthSuccessful,
            message,
            ..
        } => {
            writeln!(std::io::stdout().lock(), "{message}")?;
            Ok(())
        }
        FlowStep::Abort {
            reason, message, ..
        } => {
            bail!("Linking stopped: {message} ({})", reason.code())
        }
        FlowStep::External { .. }
        | FlowStep::Authorizing { .. }
        | FlowStep::PickImplementation { .. } => {
            bail!("the flow did not finish; run `appcreds link {domain}` again")
        }
    }
}
