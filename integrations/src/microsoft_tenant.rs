//! Microsoft identity platform (v2 endpoints) for one Microsoft Entra tenant. Both URLs carry the tenant, a template input: a tenant id (GUID) or a verified domain such as `contoso.onmicrosoft.com`.
//!
//! PKCE is off, as the reference's source disables it; the authorize request asks for `response_mode=query` and `prompt=consent`. The only scope is the reference's default `offline_access`.

use appcreds::prelude::*;

/// The OAuth 2.0 server of one Microsoft Entra tenant.
#[authorization_server(category = "communication")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
    )
    .input("tenant", "[A-Za-z0-9][A-Za-z0-9.-]{0,253}")
    .pkce(false)
    .scopes(["offline_access"])
    .authorize_param("response_mode", "query")
    .authorize_param("prompt", "consent")
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
