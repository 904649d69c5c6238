//! LinkedIn. PKCE is off, as the reference's source disables it (LinkedIn offers PKCE only to native apps). No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// LinkedIn's OAuth 2.0 server.
#[authorization_server(category = "social")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.linkedin.com/oauth/v2/authorization",
        "https://www.linkedin.com/oauth/v2/accessToken",
    )
    .pkce(false)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://www.linkedin.com/developers/apps",
        ),
        (
            "docs_url",
            "https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow",
        ),
    ])
}
