//! GitHub, as an OAuth App. The reference's facts need no option: credentials in the form body, PKCE on (GitHub accepts S256).
//!
//! GitHub answers the code exchange with JSON because appcreds asks for it (`Accept: application/json`). No scopes are declared (the reference has no default): the token then reads public information only.

use appcreds::prelude::*;

/// GitHub's OAuth 2.0 server.
#[authorization_server(category = "developer_tools")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://github.com/login/oauth/authorize",
        "https://github.com/login/oauth/access_token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://github.com/settings/developers",
        ),
        (
            "docs_url",
            "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps",
        ),
    ])
}
