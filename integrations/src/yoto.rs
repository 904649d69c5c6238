//! Yoto. PKCE, the default: Home Assistant's only customisation.

use appcreds::prelude::*;

/// Yoto's OAuth 2.0 server.
#[authorization_server(category = "entertainment")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.yotoplay.com/authorize",
        "https://login.yotoplay.com/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("developer_console_url", "https://dashboard.yoto.dev/")])
}
