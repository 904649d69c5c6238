//! Miro. The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared: Miro grants the permissions set on the app.

use appcreds::prelude::*;

/// Miro's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://miro.com/oauth/authorize",
        "https://api.miro.com/v1/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://miro.com/app/settings/user-profile/apps",
        ),
        (
            "docs_url",
            "https://developers.miro.com/docs/getting-started-with-oauth",
        ),
    ])
}
