//! Asana. The only scope is the reference's default `default` (Asana's full-permission scope).

use appcreds::prelude::*;

/// Asana's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://app.asana.com/-/oauth_authorize",
        "https://app.asana.com/-/oauth_token",
    )
    .scopes(["default"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://app.asana.com/0/my-apps"),
        ("docs_url", "https://developers.asana.com/docs/oauth"),
    ])
}
