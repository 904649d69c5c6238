//! Xero. The scopes are the reference's defaults, `offline_access` (a refresh token) and `openid`.
//!
//! Xero's API calls name an organisation (`xero-tenant-id`), listed after linking by Xero's connections endpoint: that is not part of the OAuth flow.

use appcreds::prelude::*;

/// Xero's OAuth 2.0 server.
#[authorization_server(category = "finance")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.xero.com/identity/connect/authorize",
        "https://identity.xero.com/connect/token",
    )
    .scopes(["offline_access", "openid"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.xero.com/app/manage",
        ),
        (
            "docs_url",
            "https://developer.xero.com/documentation/getting-started-guide",
        ),
    ])
}
