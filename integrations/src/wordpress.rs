//! WordPress.com (and Jetpack sites through it). The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared: the token is then limited to the one site the user picks.

use appcreds::prelude::*;

/// WordPress.com's OAuth 2.0 server.
#[authorization_server(category = "social")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://public-api.wordpress.com/oauth2/authorize",
        "https://public-api.wordpress.com/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.wordpress.com/apps/",
        ),
        ("docs_url", "https://developer.wordpress.com/docs/oauth2/"),
    ])
}
