//! Tibber. No quirks.

use appcreds::prelude::*;

/// Tibber's OAuth 2.0 server.
#[authorization_server(category = "energy")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://thewall.tibber.com/connect/authorize",
        "https://thewall.tibber.com/connect/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "docs_url",
        "https://data-api.tibber.com/docs/managing-clients/",
    )])
}
