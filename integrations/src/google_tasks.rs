//! Google Tasks. Google issues a refresh token only with `access_type=offline` and, for a returning
//! user, `prompt=consent`.

use appcreds::prelude::*;

/// Google's OAuth 2.0 server, with the Tasks scopes.
#[authorization_server]
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

/// Where to set up the consent screen and the credentials.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "oauth_consent_url",
            "https://console.cloud.google.com/apis/credentials/consent",
        ),
        (
            "more_info_url",
            "https://www.home-assistant.io/integrations/google_tasks/",
        ),
        (
            "oauth_creds_url",
            "https://console.cloud.google.com/apis/credentials",
        ),
    ])
}
