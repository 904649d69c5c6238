//! Google Health. The reference names the Health API scopes only as enum members of a library it did not read, so only `userinfo.profile` is declared here; add the Health API scopes once known.

use appcreds::prelude::*;

/// Google Health's OAuth 2.0 server.
#[authorization_server(category = "health_fitness")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
    )
    .scopes(["https://www.googleapis.com/auth/userinfo.profile"])
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
            "https://console.cloud.google.com/apis/library/health.googleapis.com",
        ),
    ])
}
