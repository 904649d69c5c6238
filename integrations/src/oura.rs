//! Oura (API v2). The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Oura's OAuth 2.0 server.
#[authorization_server(category = "health_fitness")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://cloud.ouraring.com/oauth/authorize",
        "https://api.ouraring.com/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://cloud.ouraring.com/oauth/applications",
        ),
        ("docs_url", "https://cloud.ouraring.com/docs/authentication"),
    ])
}
