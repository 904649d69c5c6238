//! Monzo. Its authorize URL has no path; the user approves the login in the Monzo app.

use appcreds::prelude::*;

/// Monzo's OAuth 2.0 server.
#[authorization_server(category = "finance")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://auth.monzo.com",
        "https://api.monzo.com/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("developer_console_url", "https://developers.monzo.com/")])
}
