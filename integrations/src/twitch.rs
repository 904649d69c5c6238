//! Twitch.

use appcreds::prelude::*;

/// Twitch's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://id.twitch.tv/oauth2/authorize",
        "https://id.twitch.tv/oauth2/token",
    )
    .scopes(["user:read:subscriptions"])
}
