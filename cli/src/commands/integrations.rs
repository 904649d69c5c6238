//! `appcreds integrations [--json]`.

use std::io::Write;

use anyhow::Context as _;
use appcreds::{Context, IntegrationDescription, Registry};

pub(crate) async fn run(json: bool, external_url: &str) -> anyhow::Result<()> {
    let ctx = Context::new(external_url).context("--external-url")?;
    // The built-in `demo` integration is part of `--demo` runs only.
    let registry = Registry::discover()?.without(appcreds::demo::DOMAIN);
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
            let mut options = vec![
                format!("pkce={}", if server.uses_pkce() { "on" } else { "off" }),
                format!(
                    "client_auth={}",
                    serde_json::to_value(server.client_auth_method())
                        .unwrap_or_default()
                        .as_str()
                        .unwrap_or("?")
                ),
            ];
            if let Some(scope) = server.scope_param() {
                options.push(format!("scope={scope:?}"));
            }
            options.extend(
                server
                    .authorize_params()
                    .iter()
                    .map(|(k, v)| format!("authorize:{k}={v}")),
            );
            options.extend(
                server
                    .token_params()
                    .iter()
                    .map(|(k, v)| format!("token:{k}={v}")),
            );
            if let Some(issuer) = server.issuer_id() {
                options.push(format!("issuer={issuer}"));
            }
            writeln!(out, "  options       {}", options.join(", "))?;
        }
        None => writeln!(out, "  implementation  custom (#[auth_implementation])")?,
    }
    for (key, value) in d.description_placeholders.iter() {
        writeln!(out, "  placeholder   {key} = {value}")?;
    }
    writeln!(out)
}
