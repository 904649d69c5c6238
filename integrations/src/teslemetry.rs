//! Teslemetry. A public client with PKCE; Teslemetry names the connection after the `name` parameter of the authorize and token requests, which Home Assistant fills with its location name. Here it is computed from the host's external URL.

use appcreds::prelude::*;

/// Teslemetry's OAuth 2.0 server.
#[authorization_server(category = "vehicles")]
async fn authorization_server(ctx: &Context) -> AuthorizationServer {
    let name = ctx.external_url().host_str().unwrap_or("appcreds");
    AuthorizationServer::new(
        "https://teslemetry.com/connect",
        "https://api.teslemetry.com/oauth/token",
    )
    .public_client()
    .authorize_param("name", name)
    .token_param("name", name)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("docs_url", "https://teslemetry.com/docs")])
}
