//! Google Nest (Smart Device Management). The authorize URL carries the user's Device Access project id, declared as a template input: a value must be a UUID-like id, never anything that could change the host. The scope and `access_type=offline`/`prompt=consent` are Google's documented SDM values (the reference did not read the config flow).

use appcreds::prelude::*;

/// Google Nest's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://nestservices.google.com/partnerconnections/{project_id}/auth",
        "https://www.googleapis.com/oauth2/v4/token",
    )
    .input("project_id", "[A-Za-z0-9-]{1,64}")
    .scopes(["https://www.googleapis.com/auth/sdm.service"])
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
            "https://console.cloud.google.com/apis/library/smartdevicemanagement.googleapis.com",
        ),
        (
            "device_access_console_url",
            "https://console.nest.google.com/device-access",
        ),
    ])
}
