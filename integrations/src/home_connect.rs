//! Home Connect (BSH appliances). Its description tells users the exact redirect URI to register:
//! `{redirect_url}` is supplied by the runtime, always the URI this installation really uses.

use appcreds::prelude::*;

/// Home Connect's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.home-connect.com/security/oauth/authorize",
        "https://api.home-connect.com/security/oauth/token",
    )
}

/// The developer portal's pages.
#[description_placeholders]
fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_dashboard_url",
            "https://developer.home-connect.com/",
        ),
        (
            "applications_url",
            "https://developer.home-connect.com/applications",
        ),
        (
            "register_application_url",
            "https://developer.home-connect.com/application/add",
        ),
    ])
}
