//! ClickUp. The reference's facts need no option: credentials in the form body, PKCE on. ClickUp has no OAuth scopes: the user picks the Workspaces to share while linking.

use appcreds::prelude::*;

/// ClickUp's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://app.clickup.com/api",
        "https://api.clickup.com/api/v2/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://app.clickup.com/"),
        (
            "docs_url",
            "https://developer.clickup.com/docs/authentication",
        ),
    ])
}
