//! Ondilo ICO. No quirks (Home Assistant also has a built-in `customer_api` client with an empty secret, not used here).

use appcreds::prelude::*;

/// Ondilo ICO's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://interop.ondilo.com/oauth2/authorize",
        "https://interop.ondilo.com/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "docs_url",
        "https://interop.ondilo.com/docs/api/customer/v1/",
    )])
}
