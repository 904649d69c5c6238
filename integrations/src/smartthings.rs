//! SmartThings. Its token endpoint (on another host than the authorize endpoint) wants HTTP Basic. The scopes are requested by the config flow, which the reference did not read.

use appcreds::prelude::*;

/// SmartThings's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.smartthings.com/oauth/authorize",
        "https://auth-global.api.smartthings.com/oauth/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "docs_url",
        "https://developer.smartthings.com/docs/connected-services/oauth-integrations",
    )])
}
