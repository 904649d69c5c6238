//! Stripe Connect OAuth (Standard accounts). The reference's facts need no option: credentials in the form body, PKCE on. The client secret is the platform's secret API key. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Stripe Connect's OAuth 2.0 server.
#[authorization_server(category = "finance")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://connect.stripe.com/oauth/authorize",
        "https://connect.stripe.com/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://dashboard.stripe.com/settings/connect",
        ),
        (
            "docs_url",
            "https://docs.stripe.com/connect/oauth-reference",
        ),
    ])
}
