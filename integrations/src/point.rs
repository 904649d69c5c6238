//! Minut Point. No quirks.

use appcreds::prelude::*;

/// Minut Point's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.minut.com/v8/oauth/authorize",
        "https://api.minut.com/v8/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "docs_url",
        "https://developer.minut.com/authentication/partner",
    )])
}
