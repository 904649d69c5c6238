//! Miele (the `*_NEW` endpoints of pymiele).

use appcreds::prelude::*;

/// Miele's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://auth.domestic.miele-iot.com/partner/realms/mcs/protocol/openid-connect/auth",
        "https://auth.domestic.miele-iot.com/partner/realms/mcs/protocol/openid-connect/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "request_access_url",
            "https://www.miele.com/f/com/en/register_api.aspx",
        ),
        (
            "docs_url",
            "https://developer.miele.com/docs/authorization1",
        ),
    ])
}
