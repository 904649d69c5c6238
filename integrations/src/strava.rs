//! Strava. Scopes are comma-separated and the authorize request asks for `approval_prompt=force`. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Strava's OAuth 2.0 server.
#[authorization_server(category = "health_fitness")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.strava.com/oauth/authorize",
        "https://www.strava.com/api/v3/oauth/token",
    )
    .scope_separator(",")
    .authorize_param("approval_prompt", "force")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://www.strava.com/settings/api",
        ),
        (
            "docs_url",
            "https://developers.strava.com/docs/authentication",
        ),
    ])
}
