//! ACME Chat: an older server with quirks. Scopes are comma-separated, the authorize request
//! needs `prompt=consent` to return a refresh token, the client authenticates with HTTP Basic
//! authentication, and the token endpoint wraps its answer in `{"ok": true, "data": {...}}`.

use appcreds::prelude::*;

/// ACME Chat's authorization server.
#[authorization_server]
fn authorization_server() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://chat.acme.example/oauth/authorize",
        "https://chat.acme.example/api/oauth.access",
    )
    .scopes(["channels:read", "chat:write"])
    .scope_separator(",")
    .authorize_param("prompt", "consent")
    .client_auth(ClientAuth::ClientSecretBasic)
    .token_response_path("data")
}
