//! Yoto. PKCE, the default: Home Assistant's only customisation.

use appcreds::prelude::*;

/// Yoto's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.yotoplay.com/authorize",
        "https://login.yotoplay.com/oauth/token",
    )
}
