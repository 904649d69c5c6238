//! Fitbit. Its token endpoint wants the client credentials in an HTTP Basic header: Home Assistant
//! needs a custom implementation class for that; here it is one option.

use appcreds::prelude::*;

/// Every Fitbit scope Home Assistant requests.
pub const SCOPES: [&str; 7] = [
    "activity",
    "heartrate",
    "nutrition",
    "profile",
    "settings",
    "sleep",
    "weight",
];

/// Fitbit's OAuth 2.0 server.
#[authorization_server(category = "health_fitness")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.fitbit.com/oauth2/authorize",
        "https://api.fitbit.com/oauth2/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
    .scopes(SCOPES)
    .authorize_param("prompt", "consent")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("developer_console_url", "https://dev.fitbit.com/apps/new")])
}
