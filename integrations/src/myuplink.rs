//! myUplink. No quirks.

use appcreds::prelude::*;

/// myUplink's OAuth 2.0 server.
#[authorization_server(category = "energy")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.myuplink.com/oauth/authorize",
        "https://api.myuplink.com/oauth/token",
    )
    .scopes(["WRITESYSTEM", "READSYSTEM", "offline_access"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("developer_console_url", "https://dev.myuplink.com/apps")])
}
