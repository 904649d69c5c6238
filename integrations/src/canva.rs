//! Canva Connect. The token endpoint takes the client credentials in an HTTP Basic header; PKCE (S256) is on, as Canva requires. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Canva's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.canva.com/api/oauth/authorize",
        "https://api.canva.com/rest/v1/oauth/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://www.canva.com/developers/"),
        (
            "docs_url",
            "https://www.canva.dev/docs/connect/authentication/",
        ),
    ])
}
