//! Ondilo ICO. No quirks (Home Assistant also has a built-in `customer_api` client with an empty secret, not used here).

use appcreds::prelude::*;

/// Ondilo ICO's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://interop.ondilo.com/oauth2/authorize",
        "https://interop.ondilo.com/oauth2/token",
    )
}
