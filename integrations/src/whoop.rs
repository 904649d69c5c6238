//! WHOOP. The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared (the reference has no default); WHOOP issues a refresh token only for the `offline` scope.

use appcreds::prelude::*;

/// WHOOP's OAuth 2.0 server.
#[authorization_server(category = "health_fitness")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.prod.whoop.com/oauth/oauth2/auth",
        "https://api.prod.whoop.com/oauth/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer-dashboard.whoop.com/",
        ),
        (
            "docs_url",
            "https://developer.whoop.com/docs/developing/oauth",
        ),
    ])
}
