//! TikTok (Login Kit). TikTok names the client id `client_key`, in the authorize URL and in token requests (`.client_id_param("client_key")`); scopes are joined by `,`.

use appcreds::prelude::*;

/// TikTok's OAuth 2.0 server.
#[authorization_server(category = "social")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.tiktok.com/v2/auth/authorize/",
        "https://open.tiktokapis.com/v2/oauth/token/",
    )
    .client_id_param("client_key")
    .scope_separator(",")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developers.tiktok.com/apps/",
        ),
        (
            "docs_url",
            "https://developers.tiktok.com/doc/login-kit-web/",
        ),
    ])
}
