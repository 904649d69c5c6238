//! microBees. No quirks.

use appcreds::prelude::*;

/// microBees's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://dev.microbees.com/oauth/authorize",
        "https://dev.microbees.com/oauth/token",
    )
}
