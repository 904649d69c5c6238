//! Tibber. No quirks.

use appcreds::prelude::*;

/// Tibber's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://thewall.tibber.com/connect/authorize",
        "https://thewall.tibber.com/connect/token",
    )
}
