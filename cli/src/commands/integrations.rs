//! `appcreds integrations [--json]`.

use std::io::Write;

use anyhow::Context as _;
use appcreds::{Context, IntegrationDescription, Registry};

pub(crate) async fn run(json: bool, external_url: &str) -> anyhow::Result<()> {
    let ctx = Context::new(external_url).context("--external-url")?;
    // The built-in `demo` integration is part of `--demo` runs only.
    let registry = Registry::discover().without(appcreds_demo::DOMAIN);
    let mut descriptions = Vec::with_capacity(registry.len());
    for integration in registry.iter() {
        descriptions.push(integration.describe(&ctx).await?);
    }
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &descriptions)?;
        writeln!(out)?;
    } else {
        for description in &descriptions {
            write_text(&mut out, description)?;
        }
    }
    Ok(())
}

fn write_text(out: &mut impl Write, d: &IntegrationDescription) -> std::io::Result<()> {
    writeln!(out, "{}  {}  ({})", d.domain, d.title, d.source)?;
    match &d.authorization_server {
        Some(server) => {
            writeln!(out, "  authorize     {}", server.authorize_url())?;
            writeln!(out, "  token         {}", server.token_url())?;
            let quirks = appcreds::catalogue::quirks(server, &[]);
            if !quirks.is_empty() {
                writeln!(
                    out,
                    "  declares      {}",
                    quirks.join("; ").replace('`', "")
                )?;
            }
        }
        None => writeln!(out, "  implementation  custom (#[auth_implementation])")?,
    }
    for (key, value) in d.description_placeholders.iter() {
        writeln!(out, "  placeholder   {key} = {value}")?;
    }
    writeln!(out)
}
