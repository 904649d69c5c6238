//! Viessmann ViCare. A public client with PKCE (Home Assistant hand-rolls both); Viessmann documents the scope value `IoT User`, sent as the two space-joined scopes `IoT` and `User`.

use appcreds::prelude::*;

/// Viessmann ViCare's OAuth 2.0 server.
#[authorization_server(category = "energy")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://iam.viessmann.com/idp/v3/authorize",
        "https://iam.viessmann.com/idp/v3/token",
    )
    .public_client()
    .scopes(["IoT", "User"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("developer_console_url", "https://developer.viessmann.com/")])
}
