//! Watts Vision +, an Azure AD B2C tenant. No quirks.

use appcreds::prelude::*;

/// Watts Vision +'s OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://visionlogin.b2clogin.com/visionlogin.onmicrosoft.com/B2C_1A_VISION_UNIFIEDSIGNUPORSIGNIN/oauth2/v2.0/authorize",
        "https://visionlogin.b2clogin.com/visionlogin.onmicrosoft.com/B2C_1A_VISION_UNIFIEDSIGNUPORSIGNIN/oauth2/v2.0/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("contact_url", "https://wattselectronics.com/")])
}
