//! Tesla Fleet API. A public client with PKCE. Home Assistant ignores the user's credential and uses its own registered client id; here the user's credential is used, as for every other integration (register an application with Tesla and leave the secret empty).

use appcreds::prelude::*;

/// Tesla Fleet's OAuth 2.0 server.
#[authorization_server(category = "vehicles")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://auth.tesla.com/oauth2/v3/authorize",
        "https://auth.tesla.com/oauth2/v3/token",
    )
    .public_client()
    .scopes([
        "openid",
        "offline_access",
        "vehicle_device_data",
        "vehicle_location",
        "vehicle_cmds",
        "vehicle_charging_cmds",
        "energy_device_data",
        "energy_cmds",
    ])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.tesla.com/dashboard",
        ),
        (
            "docs_url",
            "https://developer.tesla.com/docs/fleet-api/authentication/open-source-tokens",
        ),
    ])
}
