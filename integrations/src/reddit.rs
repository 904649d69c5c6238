//! Reddit. The token endpoint takes the client credentials in an HTTP Basic header, and the authorize request asks for `duration=permanent`, without which Reddit issues no refresh token. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Reddit's OAuth 2.0 server.
#[authorization_server(category = "social")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.reddit.com/api/v1/authorize",
        "https://www.reddit.com/api/v1/access_token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
    .authorize_param("duration", "permanent")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://www.reddit.com/prefs/apps"),
        (
            "docs_url",
            "https://github.com/reddit-archive/reddit/wiki/OAuth2",
        ),
    ])
}
