//! Garmin Connect Developer Program, OAuth 2.0 (the reference's `garmin-oauth2`). The reference's facts need no option: credentials in the form body, PKCE on (Garmin requires S256). Garmin has no OAuth scopes: the user chooses what to share on the consent screen.

use appcreds::prelude::*;

/// Garmin Connect's OAuth 2.0 server.
#[authorization_server(category = "health_fitness")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://connect.garmin.com/oauth2Confirm",
        "https://diauth.garmin.com/di-oauth2-service/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developerportal.garmin.com/",
        ),
        (
            "docs_url",
            "https://developer.garmin.com/gc-developer-program/overview",
        ),
    ])
}
