//! Jira Cloud: the same server as `atlassian` (OAuth 2.0 3LO, `audience=api.atlassian.com`, `prompt=consent`, the default scope `offline_access`), kept as a domain of its own as in the reference.
//!
//! Jira's REST API needs the site's `cloudId`, resolved after linking from Atlassian's accessible-resources endpoint: that is not part of the OAuth flow.

use appcreds::prelude::*;

/// Jira Cloud's OAuth 2.0 server.
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
            "https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/",
        ),
    ])
}
