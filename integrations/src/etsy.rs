//! Etsy Open API v3. The reference's facts need no option: credentials in the form body, PKCE on (Etsy requires it). No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Etsy's OAuth 2.0 server.
#[authorization_server(category = "commerce")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.etsy.com/oauth/connect",
        "https://api.etsy.com/v3/public/oauth/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://www.etsy.com/developers/your-apps",
        ),
        (
            "docs_url",
            "https://developers.etsy.com/documentation/essentials/authentication",
        ),
    ])
}
