//! Home Connect (BSH appliances). Its description tells users the exact redirect URI to register:
//! `{redirect_url}` is supplied by the runtime, always the URI this installation really uses.

use appcreds::prelude::*;

/// Home Connect's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.home-connect.com/security/oauth/authorize",
        "https://api.home-connect.com/security/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.home-connect.com/",
        ),
        (
            "register_application_url",
            "https://developer.home-connect.com/application/add",
        ),
    ])
}
