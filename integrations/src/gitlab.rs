//! GitLab.com. The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// GitLab's OAuth 2.0 server.
#[authorization_server(category = "developer_tools")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://gitlab.com/oauth/authorize",
        "https://gitlab.com/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://gitlab.com/-/user_settings/applications",
        ),
        (
            "docs_url",
            "https://docs.gitlab.com/ee/api/oauth2.html#authorization-code-flow",
        ),
    ])
}
