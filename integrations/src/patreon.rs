//! Patreon (from the reference's Grant entry). The reference's facts need no option: credentials in the form body; Grant leaves PKCE to the application, so appcreds' default (on) is kept. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// Patreon's OAuth 2.0 server.
#[authorization_server(category = "social")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.patreon.com/oauth2/authorize",
        "https://www.patreon.com/api/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://www.patreon.com/portal/registration/register-clients",
        ),
        ("docs_url", "https://docs.patreon.com/"),
    ])
}
