//! Linear. Scopes are comma-separated and every link asks for consent again (`prompt=consent`); PKCE is off, as the reference's source disables it. No scopes are declared (the reference has no default); Linear always grants `read`.

use appcreds::prelude::*;

/// Linear's OAuth 2.0 server.
#[authorization_server(category = "developer_tools")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://linear.app/oauth/authorize",
        "https://api.linear.app/oauth/token",
    )
    .pkce(false)
    .scope_separator(",")
    .authorize_param("prompt", "consent")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://linear.app/settings/api"),
        (
            "docs_url",
            "https://linear.app/developers/oauth-2-0-authentication",
        ),
    ])
}
