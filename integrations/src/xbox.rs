//! Xbox (Microsoft account).

use appcreds::prelude::*;

/// Xbox's OAuth 2.0 server.
#[authorization_server(category = "entertainment")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.live.com/oauth20_authorize.srf",
        "https://login.live.com/oauth20_token.srf",
    )
    .scopes(["Xboxlive.signin", "Xboxlive.offline_access"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade",
    )])
}
