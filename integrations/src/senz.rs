//! nVent RAYCHEM SENZ. No quirks.

use appcreds::prelude::*;

/// nVent RAYCHEM SENZ's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://id.senzthermostat.chemelex.com/connect/authorize",
        "https://id.senzthermostat.chemelex.com/connect/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "request_access_url",
        "https://api.senzthermostat.nvent.com/",
    )])
}
