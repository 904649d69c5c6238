//! Atlassian Cloud, OAuth 2.0 (3LO). The authorize request carries `audience=api.atlassian.com` and `prompt=consent`; the only scope is the reference's default `offline_access`, which brings a refresh token.
//!
//! After linking, API calls go through a site's cloud id, listed by Atlassian's accessible-resources endpoint: that is not part of the OAuth flow.

use appcreds::prelude::*;

/// Atlassian's OAuth 2.0 server.
#[authorization_server(category = "developer_tools")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://auth.atlassian.com/authorize",
        "https://auth.atlassian.com/oauth/token",
    )
    .scopes(["offline_access"])
    .authorize_param("audience", "api.atlassian.com")
    .authorize_param("prompt", "consent")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.atlassian.com/console/myapps/",
        ),
        (
            "docs_url",
            "https://developer.atlassian.com/cloud/confluence/oauth-2-3lo-apps",
        ),
    ])
}
