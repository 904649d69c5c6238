//! Xbox (Microsoft account).

use appcreds::prelude::*;

/// Xbox's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.live.com/oauth20_authorize.srf",
        "https://login.live.com/oauth20_token.srf",
    )
    .scopes(["Xboxlive.signin", "Xboxlive.offline_access"])
}
