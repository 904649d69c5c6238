//! X (formerly Twitter), OAuth 2.0 user context. The token endpoint takes the client credentials in an HTTP Basic header (a confidential client); PKCE on (X requires it); the authorize request asks for `response_mode=query`. The only scope is the reference's default `offline.access` (a refresh token).

use appcreds::prelude::*;

/// X's OAuth 2.0 server.
#[authorization_server(category = "social")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://x.com/i/oauth2/authorize",
        "https://api.twitter.com/2/oauth2/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
    .scopes(["offline.access"])
    .authorize_param("response_mode", "query")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.x.com/en/portal/dashboard",
        ),
        (
            "docs_url",
            "https://developer.twitter.com/en/docs/authentication/oauth-2-0/user-access-token",
        ),
    ])
}
