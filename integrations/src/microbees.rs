//! microBees. No quirks.

use appcreds::prelude::*;

/// microBees's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://dev.microbees.com/oauth/authorize",
        "https://dev.microbees.com/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "docs_url",
        "https://developers.microbees.com/documentation/",
    )])
}
