//! Box. The module is `r#box` (`box` is a reserved word in Rust), so the domain is named explicitly. The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared: Box grants the application scopes set on the app.

use appcreds::prelude::*;

/// Box's OAuth 2.0 server.
#[authorization_server(domain = "box", category = "files")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://account.box.com/api/oauth2/authorize",
        "https://api.box.com/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders(domain = "box")]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://app.box.com/developers/console",
        ),
        (
            "docs_url",
            "https://developer.box.com/guides/authentication/oauth2/",
        ),
    ])
}
