//! `appcreds link DOMAIN`: listens for the callback on the external URL's port, prints the URL
//! to open, waits with a spinner until the provider sends the browser back, reports the result.
//! With `--device` (RFC 8628): no listener; prints the user code and where to enter it, and waits
//! while the engine polls the provider.

use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use appcreds::linking::{AbortReason, FlowStep, StartOptions};

use crate::cli::AppArgs;

/// How to link: `--device`, `--register`, the account's `--input`s.
pub(crate) struct How {
    pub(crate) device: bool,
    pub(crate) register: bool,
    pub(crate) inputs: Vec<(String, String)>,
}

impl How {
    fn options(&self) -> StartOptions {
        let options = self
            .inputs
            .iter()
            .fold(StartOptions::user(), |start, (name, value)| {
                start.input(name, value)
            });
        let options = if self.device {
            options.device()
        } else {
            options
        };
        if self.register {
            options.register()
        } else {
            options
        }
    }
}

pub(crate) async fn run(
    domain: &str,
    credential: Option<&str>,
    timeout: Duration,
    how: How,
    args: &AppArgs,
) -> anyhow::Result<()> {
    let app = args.open().await?;
    if how.device {
        return run_device(&app, domain, credential, timeout, how.options()).await;
    }
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
    let step = start(&flows, domain, credential, how.options()).await?;
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
            wait(
                &flows,
                &flow_id,
                timeout,
                "the provider to send the browser back",
            )
            .await
        }
        other => Ok(other),
    };
    server.abort();
    report(domain, result?)
}

/// `--device`: shows the code, waits for the approval.
async fn run_device(
    app: &appcreds::App,
    domain: &str,
    credential: Option<&str>,
    timeout: Duration,
    options: StartOptions,
) -> anyhow::Result<()> {
    let flows = app.flows();
    let step = start(&flows, domain, credential, options).await?;
    let result = match step {
        FlowStep::Device {
            flow_id,
            user_code,
            verification_uri,
            verification_uri_complete,
            expires_at,
            ..
        } => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "to link your {domain} account, open {verification_uri}"
            )?;
            writeln!(out, "and enter the code: {user_code}")?;
            if let Some(complete) = verification_uri_complete {
                writeln!(out, "(or open {complete}, which carries the code)")?;
            }
            let left = expires_at.saturating_sub(appcreds_now());
            writeln!(out, "the code expires in {} min", left.div_ceil(60))?;
            out.flush()?;
            drop(out);
            wait(&flows, &flow_id, timeout, "your approval at the provider").await?
        }
        other => other,
    };
    report(domain, result)
}

/// Starts the flow and picks `credential` when several fit.
async fn start(
    flows: &appcreds::linking::Flows,
    domain: &str,
    credential: Option<&str>,
    options: StartOptions,
) -> anyhow::Result<FlowStep> {
    let step = flows.start(domain, options).await?;
    let FlowStep::PickImplementation {
        flow_id,
        implementations,
        ..
    } = &step
    else {
        return Ok(step);
    };
    let Some(choice) = credential else {
        let ids: Vec<&str> = implementations.iter().map(|i| i.id.as_str()).collect();
        bail!(
            "`{domain}` has several credentials: pass --credential with one of {}",
            ids.join(", ")
        );
    };
    Ok(flows.pick(flow_id, choice).await?)
}

/// Seconds since the Unix epoch.
fn appcreds_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Polls the flow until it ends, with a spinner on a terminal.
async fn wait(
    flows: &appcreds::linking::Flows,
    flow_id: &str,
    timeout: Duration,
    what: &str,
) -> anyhow::Result<FlowStep> {
    let started = Instant::now();
    let spinner = std::io::stderr().is_terminal();
    let frames = ['|', '/', '-', '\\'];
    let mut frame = 0;
    if !spinner {
        eprintln!("waiting for {what}...");
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
                "\r{} waiting for {what} ({} s)",
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
        | FlowStep::Device { .. }
        | FlowStep::Authorizing { .. }
        | FlowStep::PickImplementation { .. } => {
            bail!("the flow did not finish; run `appcreds link {domain}` again")
        }
    }
}
