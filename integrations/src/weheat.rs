//! Weheat. Both URLs end with a slash, kept as published.

use appcreds::prelude::*;

/// Weheat's OAuth 2.0 server.
#[authorization_server(category = "energy")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://auth.weheat.nl/auth/realms/Weheat/protocol/openid-connect/auth/",
        "https://auth.weheat.nl/auth/realms/Weheat/protocol/openid-connect/token/",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("contact_url", "https://www.weheat.nl/")])
}
