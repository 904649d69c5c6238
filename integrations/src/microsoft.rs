//! Microsoft identity platform (v2 endpoints) with the `common` tenant: work, school and personal Microsoft accounts, for Microsoft Graph.
//!
//! PKCE is off, as the reference's source disables it; the authorize request asks for `response_mode=query`. The scopes are the reference's defaults: `offline_access` (a refresh token) and `.default` (the permissions configured on the app registration).

use appcreds::prelude::*;

/// Microsoft's OAuth 2.0 server.
#[authorization_server(category = "communication")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/common/oauth2/v2.0/token",
    )
    .pkce(false)
    .scopes(["offline_access", ".default"])
    .authorize_param("response_mode", "query")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade",
        ),
        (
            "docs_url",
            "https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow",
        ),
    ])
}
