//! Google Assistant SDK. `access_type=offline` and `prompt=consent` make Google issue a refresh token every time.

use appcreds::prelude::*;

/// Google Assistant SDK's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
    )
    .scopes(["https://www.googleapis.com/auth/assistant-sdk-prototype"])
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
            "https://console.cloud.google.com/apis/library/embeddedassistant.googleapis.com",
        ),
    ])
}
