//! LaMetric. No quirks.

use appcreds::prelude::*;

/// LaMetric's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://developer.lametric.com/api/v2/oauth2/authorize",
        "https://developer.lametric.com/api/v2/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("developer_console_url", "https://developer.lametric.com/")])
}
