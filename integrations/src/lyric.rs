//! Honeywell Lyric (Resideo). `appSelect=1` makes the login page offer the Resideo and First Alert apps; the token endpoint wants HTTP Basic. Home Assistant sends the credentials in the body *and* in a Basic header; RFC 6749 §2.3 forbids using more than one method, so only Basic is declared.

use appcreds::prelude::*;

/// Honeywell Lyric's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.honeywell.com/oauth2/authorize",
        "https://api.honeywell.com/oauth2/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
    .authorize_param("appSelect", "1")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://developer.honeywellhome.com/",
    )])
}
