//! Calendly (API v2). The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared (the reference has no default).
//!
//! The token response carries `owner`, the linked user's URI: appcreds keeps every extra field of the token response (`Token::extra`).

use appcreds::prelude::*;

/// Calendly's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://auth.calendly.com/oauth/authorize",
        "https://auth.calendly.com/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://developer.calendly.com/"),
        (
            "docs_url",
            "https://developer.calendly.com/creating-an-oauth-app",
        ),
    ])
}
