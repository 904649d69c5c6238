//! Vimeo. The token endpoint takes the client credentials in an HTTP Basic header; PKCE on. No scopes are declared: Vimeo then grants its `public` scope.

use appcreds::prelude::*;

/// Vimeo's OAuth 2.0 server.
#[authorization_server(category = "entertainment")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.vimeo.com/oauth/authorize",
        "https://api.vimeo.com/oauth/access_token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://developer.vimeo.com/apps"),
        ("docs_url", "https://developer.vimeo.com/api/authentication"),
    ])
}
