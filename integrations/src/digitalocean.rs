//! DigitalOcean. The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared: DigitalOcean then grants its default `read` scope.

use appcreds::prelude::*;

/// DigitalOcean's OAuth 2.0 server.
#[authorization_server(category = "developer_tools")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://cloud.digitalocean.com/v1/oauth/authorize",
        "https://cloud.digitalocean.com/v1/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://cloud.digitalocean.com/account/api/applications",
        ),
        (
            "docs_url",
            "https://docs.digitalocean.com/reference/api/oauth-api/",
        ),
    ])
}
