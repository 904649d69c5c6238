//! Google Sheets. Google's documented endpoints (the reference leaves `oauth2client`'s constants unresolved). The scope is `drive.file`, which lets the integration create and edit the sheets it made (the reference did not read `DEFAULT_ACCESS`).

use appcreds::prelude::*;

/// Google Sheets's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
    )
    .scopes(["https://www.googleapis.com/auth/drive.file"])
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
            "https://console.cloud.google.com/apis/library/sheets.googleapis.com",
        ),
    ])
}
