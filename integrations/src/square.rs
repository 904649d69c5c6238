//! Square (production endpoints). PKCE is off, as the reference's source disables it, and the authorize request carries `session=false`. No scopes are declared (the reference has no default).
//!
//! The source also decodes the authorize URL before redirecting (`decode_url`); appcreds encodes a space in `scope` as `+`, the form Square documents, so there is nothing to declare.

use appcreds::prelude::*;

/// Square's OAuth 2.0 server.
#[authorization_server(category = "finance")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://connect.squareup.com/oauth2/authorize",
        "https://connect.squareup.com/oauth2/token",
    )
    .pkce(false)
    .authorize_param("session", "false")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.squareup.com/apps",
        ),
        (
            "docs_url",
            "https://developer.squareup.com/docs/oauth-api/overview",
        ),
    ])
}
