//! PayPal (Log in with PayPal, live endpoints). The token endpoint takes the client credentials in an HTTP Basic header; PKCE on. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// PayPal's OAuth 2.0 server.
#[authorization_server(category = "finance")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.paypal.com/signin/authorize",
        "https://api.paypal.com/v1/oauth2/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.paypal.com/dashboard/applications",
        ),
        (
            "docs_url",
            "https://developer.paypal.com/api/rest/authentication/",
        ),
    ])
}
