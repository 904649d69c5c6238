//! Airtable. The token endpoint takes the client credentials in an HTTP Basic header; PKCE on (Airtable requires it). No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Airtable's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://airtable.com/oauth2/v1/authorize",
        "https://airtable.com/oauth2/v1/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://airtable.com/create/oauth"),
        (
            "docs_url",
            "https://airtable.com/developers/web/guides/oauth-integrations",
        ),
    ])
}
