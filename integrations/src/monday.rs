//! monday.com. The authorize URL is sent without `response_type` (`.send_response_type(false)`), as the reference's source does, and asks for `force_install_if_needed=true` so that a user whose account lacks the app is offered to install it; PKCE is off, as the source disables it.

use appcreds::prelude::*;

/// monday.com's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://auth.monday.com/oauth2/authorize",
        "https://auth.monday.com/oauth2/token",
    )
    .send_response_type(false)
    .pkce(false)
    .authorize_param("force_install_if_needed", "true")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://monday.com/developers/apps",
        ),
        ("docs_url", "https://developer.monday.com/apps/docs/oauth"),
    ])
}
