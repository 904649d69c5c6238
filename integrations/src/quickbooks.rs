//! QuickBooks Online (Intuit). The callback carries `realmId`, the company whose books were authorized, which every API request needs: `.callback_value("realmId")` requires it and keeps it with the account's token.

use appcreds::prelude::*;

/// Intuit's OAuth 2.0 server for QuickBooks Online.
#[authorization_server(category = "finance")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://appcenter.intuit.com/connect/oauth2",
        "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
    )
    .callback_value("realmId")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.intuit.com/app/developer/dashboard",
        ),
        (
            "docs_url",
            "https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0",
        ),
    ])
}
