//! The built-in `demo` integration, declared with the same macros as every integration. Its
//! authorization server is the local provider that `--demo` serves at the external URL
//! (this crate), so it needs no internet and no account anywhere.

use appcreds::prelude::*;

/// The local demo provider, at this application's own external URL.
#[authorization_server(domain = "demo")]
fn authorization_server(ctx: &Context) -> AuthorizationServer {
    let base = ctx.external_url();
    AuthorizationServer::new(crate::authorize_url(base), crate::token_url(base))
        .scopes(["profile"])
        .issuer(crate::issuer(base))
        // The provider always sends `iss` (RFC 9207): a callback without it is refused.
        .iss_parameter_supported(true)
}

/// The client the demo provider knows, and where it is.
#[description_placeholders(domain = "demo")]
fn description_placeholders(ctx: &Context) -> Placeholders {
    Placeholders::from([
        ("client_id", crate::CLIENT_ID),
        ("client_secret", crate::CLIENT_SECRET),
    ])
    .with("provider_url", crate::issuer(ctx.external_url()))
}
