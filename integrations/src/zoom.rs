//! Zoom. Scopes are comma-separated; none are declared, and Zoom then grants the scopes added to the app.

use appcreds::prelude::*;

/// Zoom's OAuth 2.0 server.
#[authorization_server(category = "communication")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://zoom.us/oauth/authorize",
        "https://zoom.us/oauth/token",
    )
    .scope_separator(",")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://marketplace.zoom.us/"),
        (
            "docs_url",
            "https://developers.zoom.us/docs/integrations/oauth/",
        ),
    ])
}
