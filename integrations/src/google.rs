//! Google Calendar. Google's documented endpoints (the reference leaves `oauth2client`'s constants unresolved; the v2 authorize and `oauth2.googleapis.com` token endpoints are Google's current ones).
//!
//! Home Assistant's `GoogleHybridAuth` also accepts device-flow credentials; that is not a browser flow and is not ported. The scope (read-write calendar) is Google's; the reference did not read the config flow.

use appcreds::prelude::*;

/// Google Calendar's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
    )
    .scopes(["https://www.googleapis.com/auth/calendar"])
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
            "https://console.cloud.google.com/apis/library/calendar-json.googleapis.com",
        ),
    ])
}
