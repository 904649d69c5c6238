//! Slack (OAuth v2). Scopes are joined by `,`; PKCE is off, as the reference's source disables it. A user-token grant answers with the token under `authed_user` and no token at the top level, a bot-token grant at the top level: `.token_response_fallback_path("authed_user")` reads either, keeping the top-level fields (`team`, `incoming_webhook`, ...) beside the token.

use appcreds::prelude::*;

/// Slack's OAuth 2.0 server.
#[authorization_server(category = "communication")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://slack.com/oauth/v2/authorize",
        "https://slack.com/api/oauth.v2.access",
    )
    .token_response_fallback_path("authed_user")
    .pkce(false)
    .scope_separator(",")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://api.slack.com/apps"),
        ("docs_url", "https://api.slack.com/authentication/oauth-v2"),
    ])
}
