//! Twitch.

use appcreds::prelude::*;

/// Twitch's OAuth 2.0 server.
#[authorization_server(category = "entertainment")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://id.twitch.tv/oauth2/authorize",
        "https://id.twitch.tv/oauth2/token",
    )
    .scopes(["user:read:subscriptions"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://dev.twitch.tv/console/apps",
    )])
}
