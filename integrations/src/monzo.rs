//! Monzo. Its authorize URL has no path; the user approves the login in the Monzo app.

use appcreds::prelude::*;

/// Monzo's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://auth.monzo.com",
        "https://api.monzo.com/oauth2/token",
    )
}
