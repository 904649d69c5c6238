//! COROS. Refreshes go to their own endpoint, `/oauth2/refresh-token` (`.refresh_url(..)`), not to the token endpoint. The token response's `openId` (the user) is kept with the token.

use appcreds::prelude::*;

/// COROS' OAuth 2.0 server.
#[authorization_server(category = "health_fitness")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://open.coros.com/oauth2/authorize",
        "https://open.coros.com/oauth2/accesstoken",
    )
    .refresh_url("https://open.coros.com/oauth2/refresh-token")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://open.coros.com/"),
        ("request_access_url", "https://support.coros.com/"),
    ])
}
