//! iotty. No quirks (Home Assistant also defines a built-in client id, `hass-iotty`, which is not used here: users bring their own credential).

use appcreds::prelude::*;

/// iotty's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://auth.iotty.com/.auth/oauth2/login",
        "https://auth.iotty.com/.auth/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("contact_url", "https://www.iotty.com/")])
}
