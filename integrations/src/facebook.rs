//! Facebook Login (Graph API v22.0 endpoints, as in the reference). The reference's facts need no option: credentials in the form body, PKCE on. No permissions are declared: Facebook always grants `public_profile`.

use appcreds::prelude::*;

/// Facebook's OAuth 2.0 server.
#[authorization_server(category = "social")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.facebook.com/v22.0/dialog/oauth",
        "https://graph.facebook.com/v22.0/oauth/access_token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developers.facebook.com/apps/",
        ),
        (
            "docs_url",
            "https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow",
        ),
    ])
}
