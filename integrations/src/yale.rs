//! Yale (Assa Abloy ecosystem). No quirks.

use appcreds::prelude::*;

/// Yale's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://oauth.aaecosystem.com/authorize",
        "https://oauth.aaecosystem.com/access_token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("contact_url", "https://www.yalehome.com/")])
}
