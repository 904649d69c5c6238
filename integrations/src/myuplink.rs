//! myUplink. `callback_url` in the description is the exact redirect URI of this installation (Home Assistant hard-codes its my.home-assistant.io redirect).

use appcreds::prelude::*;

/// myUplink's OAuth 2.0 server.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.myuplink.com/oauth/authorize",
        "https://api.myuplink.com/oauth/token",
    )
    .scopes(["WRITESYSTEM", "READSYSTEM", "offline_access"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders(ctx: &Context) -> Placeholders {
    Placeholders::from([
        (
            "more_info_url",
            "https://www.home-assistant.io/integrations/myuplink/",
        ),
        ("create_creds_url", "https://dev.myuplink.com/apps"),
    ])
    .with("callback_url", ctx.redirect_uri().as_str())
}
