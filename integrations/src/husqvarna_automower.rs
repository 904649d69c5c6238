//! Husqvarna Automower. No quirks; the developer portal calls the client ID and secret the application key and secret.

use appcreds::prelude::*;

/// Husqvarna Automower's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.authentication.husqvarnagroup.dev/v1/oauth2/authorize",
        "https://api.authentication.husqvarnagroup.dev/v1/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://developer.husqvarnagroup.cloud/",
    )])
}
