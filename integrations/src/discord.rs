//! Discord. The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Discord's OAuth 2.0 server.
#[authorization_server(category = "communication")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://discord.com/api/oauth2/authorize",
        "https://discord.com/api/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://discord.com/developers/applications",
        ),
        (
            "docs_url",
            "https://discord.com/developers/docs/topics/oauth2",
        ),
    ])
}
