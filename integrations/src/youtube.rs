//! YouTube.

use appcreds::prelude::*;

/// YouTube's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
    )
    .scopes(["https://www.googleapis.com/auth/youtube.readonly"])
    .authorize_param("access_type", "offline")
    .authorize_param("prompt", "consent")
}
