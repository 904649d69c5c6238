//! Notion public integrations. The token endpoint takes the client credentials in an HTTP Basic header and its parameters as a JSON object (`.token_body(TokenBody::Json)`); the authorize request asks for `owner=user`. The token response's `workspace_id` and `bot_id` are kept with the token.

use appcreds::prelude::*;

/// Notion's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.notion.com/v1/oauth/authorize",
        "https://api.notion.com/v1/oauth/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
    .token_body(TokenBody::Json)
    .authorize_param("owner", "user")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://www.notion.so/profile/integrations",
        ),
        (
            "docs_url",
            "https://developers.notion.com/docs/authorization",
        ),
    ])
}
