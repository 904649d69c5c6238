//! ACME Cloud: a standard OAuth 2.0 server with PKCE. The credential dialog links to ACME's
//! developer console, through the placeholders below.

use appcreds::prelude::*;

/// ACME Cloud's authorization server. The domain is the module's name, `acme_cloud`.
#[authorization_server]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.acme.example/oauth2/authorize",
        "https://login.acme.example/oauth2/token",
    )
    .scopes(["files.read", "offline_access"])
}

/// The pages the credential dialog's description links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("console_url", "https://console.acme.example/apps"),
        ("docs_url", "https://docs.acme.example/oauth"),
    ])
}
