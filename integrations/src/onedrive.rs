//! OneDrive (personal accounts: Microsoft's `consumers` endpoints). The scopes are Home Assistant's OneDrive app-folder scopes; the reference records none for this domain.

use appcreds::prelude::*;

/// OneDrive's OAuth 2.0 server.
#[authorization_server(category = "files")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.microsoftonline.com/consumers/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/consumers/oauth2/v2.0/token",
    )
    .scopes(["Files.ReadWrite.AppFolder", "offline_access", "openid"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade",
    )])
}
