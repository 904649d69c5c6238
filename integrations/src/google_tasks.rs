//! Google Tasks. Google issues a refresh token only with `access_type=offline` and, for a returning
//! user, `prompt=consent`.

use appcreds::prelude::*;

/// Google's OAuth 2.0 server, with the Tasks scopes.
#[authorization_server(category = "productivity")]
async fn authorization_server() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
    )
    .scopes([
        "https://www.googleapis.com/auth/tasks",
        "https://www.googleapis.com/auth/userinfo.profile",
    ])
    .authorize_param("access_type", "offline")
    .authorize_param("prompt", "consent")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://console.cloud.google.com/apis/credentials",
        ),
        (
            "consent_screen_url",
            "https://console.cloud.google.com/apis/credentials/consent",
        ),
        (
            "api_library_url",
            "https://console.cloud.google.com/apis/library/tasks.googleapis.com",
        ),
    ])
}
