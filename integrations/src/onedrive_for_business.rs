//! OneDrive for Business. Both URLs carry the Microsoft Entra tenant, a template input: a tenant id (GUID), a verified domain such as `contoso.onmicrosoft.com`, or `common`/`organizations`.

use appcreds::prelude::*;

/// OneDrive for Business's OAuth 2.0 server.
#[authorization_server(category = "files")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token",
    )
    .input("tenant_id", "[A-Za-z0-9][A-Za-z0-9.-]{0,253}")
    .scopes(["Files.ReadWrite.All", "offline_access", "openid"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade",
    )])
}
