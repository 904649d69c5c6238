//! Pinterest (API v5). The token endpoint takes the client credentials in an HTTP Basic header; PKCE on. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Pinterest's OAuth 2.0 server.
#[authorization_server(category = "social")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.pinterest.com/oauth",
        "https://api.pinterest.com/v5/oauth/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developers.pinterest.com/apps/",
        ),
        (
            "docs_url",
            "https://developers.pinterest.com/docs/getting-started/authentication",
        ),
    ])
}
