//! Webex. The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Webex's OAuth 2.0 server.
#[authorization_server(category = "communication")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://webexapis.com/v1/authorize",
        "https://webexapis.com/v1/access_token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.webex.com/my-apps",
        ),
        (
            "docs_url",
            "https://developer.webex.com/create/docs/integrations",
        ),
    ])
}
