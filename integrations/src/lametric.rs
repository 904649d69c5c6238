//! LaMetric. No quirks.

use appcreds::prelude::*;

/// LaMetric's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://developer.lametric.com/api/v2/oauth2/authorize",
        "https://developer.lametric.com/api/v2/oauth2/token",
    )
}
