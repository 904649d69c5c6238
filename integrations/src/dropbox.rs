//! Dropbox. Home Assistant subclasses its PKCE implementation only to add `token_access_type=offline` (without it Dropbox issues no refresh token) and the scopes: here both are declared, PKCE is the default.

use appcreds::prelude::*;

/// Dropbox's OAuth 2.0 server.
#[authorization_server(category = "files")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.dropbox.com/oauth2/authorize",
        "https://api.dropboxapi.com/oauth2/token",
    )
    .scopes([
        "account_info.read",
        "files.content.read",
        "files.content.write",
    ])
    .authorize_param("token_access_type", "offline")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://www.dropbox.com/developers/apps",
    )])
}
