//! Figma. The token endpoint takes the client credentials in an HTTP Basic header; PKCE is off, as the reference's source disables it; scopes are joined by `,`.
//!
//! Refreshes go to their own endpoint, `/v1/oauth/refresh` (`.refresh_url(..)`), not to the token endpoint.

use appcreds::prelude::*;

/// Figma's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.figma.com/oauth",
        "https://api.figma.com/v1/oauth/token",
    )
    .refresh_url("https://api.figma.com/v1/oauth/refresh")
    .client_auth(ClientAuth::ClientSecretBasic)
    .pkce(false)
    .scope_separator(",")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://www.figma.com/developers/apps",
        ),
        (
            "docs_url",
            "https://www.figma.com/developers/api#authentication",
        ),
    ])
}
