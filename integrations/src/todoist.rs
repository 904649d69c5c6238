//! Todoist. Scopes are comma-separated; none are declared (the reference has no default).

use appcreds::prelude::*;

/// Todoist's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://todoist.com/oauth/authorize",
        "https://todoist.com/oauth/access_token",
    )
    .scope_separator(",")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.todoist.com/appconsole.html",
        ),
        (
            "docs_url",
            "https://developer.todoist.com/guides/#authorization",
        ),
    ])
}
