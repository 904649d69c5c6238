//! Husqvarna Automower. Home Assistant provides `oauth_creds_url` and `redirect_uri` (the instance's URL) but its `strings.json` has no description; this port adds one that uses both, with `redirect_uri` set to the exact redirect URI of this installation.

use appcreds::prelude::*;

/// Husqvarna Automower's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.authentication.husqvarnagroup.dev/v1/oauth2/authorize",
        "https://api.authentication.husqvarnagroup.dev/v1/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders(ctx: &Context) -> Placeholders {
    Placeholders::from([(
        "oauth_creds_url",
        "https://developer.husqvarnagroup.cloud/login",
    )])
    .with("redirect_uri", ctx.redirect_uri().as_str())
}
