//! nVent RAYCHEM SENZ. No quirks.

use appcreds::prelude::*;

/// nVent RAYCHEM SENZ's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://id.senzthermostat.chemelex.com/connect/authorize",
        "https://id.senzthermostat.chemelex.com/connect/token",
    )
}
