//! Netatmo. Requests every scope Home Assistant asks for when it uses the user's own credentials.

use appcreds::prelude::*;

/// The scopes, sorted, including the camera access scopes Home Assistant adds for local credentials.
pub const SCOPES: [&str; 11] = [
    "access_camera",
    "access_presence",
    "read_camera",
    "read_homecoach",
    "read_presence",
    "read_smokedetector",
    "read_station",
    "read_thermostat",
    "write_camera",
    "write_presence",
    "write_thermostat",
];

/// Netatmo's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
fn authorization_server() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.netatmo.com/oauth2/authorize",
        "https://api.netatmo.com/oauth2/token",
    )
    .scopes(SCOPES)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://dev.netatmo.com/apps/createanapp",
    )])
}
