//! The built-in `demo` integration, declared with the same macros as every integration. Its
//! authorization server is the local provider that `--demo` serves at the external URL
//! (`appcreds::demo`), so it needs no internet and no account anywhere.

use appcreds::prelude::*;

/// The local demo provider, at this application's own external URL.
#[authorization_server(domain = "demo")]
fn authorization_server(ctx: &Context) -> AuthorizationServer {
    let base = ctx.external_url();
    AuthorizationServer::new(
        appcreds::demo::authorize_url(base),
        appcreds::demo::token_url(base),
    )
    .scopes(["profile"])
    .issuer(appcreds::demo::issuer(base))
}

/// The client the demo provider knows, and where it is.
#[description_placeholders(domain = "demo")]
fn description_placeholders(ctx: &Context) -> Placeholders {
    Placeholders::from([
        ("client_id", appcreds::demo::CLIENT_ID),
        ("client_secret", appcreds::demo::CLIENT_SECRET),
    ])
    .with("provider_url", appcreds::demo::issuer(ctx.external_url()))
}
