//! Typeform. PKCE is off, as the reference's source disables it. The only scope is the reference's default `offline` (a refresh token).

use appcreds::prelude::*;

/// Typeform's OAuth 2.0 server.
#[authorization_server(category = "productivity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.typeform.com/oauth/authorize",
        "https://api.typeform.com/oauth/token",
    )
    .pkce(false)
    .scopes(["offline"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://admin.typeform.com/"),
        (
            "docs_url",
            "https://www.typeform.com/developers/get-started/applications/",
        ),
    ])
}
