//! Withings. Token requests carry `action=requesttoken` and the token comes back wrapped in a `body` object: both are options here, where Home Assistant needs a custom class. Scopes are comma-separated.

use appcreds::prelude::*;

/// Withings's OAuth 2.0 server.
#[authorization_server(category = "health_fitness")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://account.withings.com/oauth2_user/authorize2",
        "https://wbsapi.withings.net/v2/oauth2",
    )
    .scopes([
        "user.info",
        "user.metrics",
        "user.activity",
        "user.sleepevents",
    ])
    .scope_separator(",")
    .token_param("action", "requesttoken")
    .token_response_path("body")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://developer.withings.com/dashboard/",
    )])
}
