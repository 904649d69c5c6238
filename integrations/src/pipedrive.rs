//! Pipedrive. The token endpoint takes the client credentials in an HTTP Basic header; PKCE is off, as the reference's source disables it. Scopes are set on the app, so none are declared; with none, no empty parameter is sent either (the source's "omit empty authorize params").
//!
//! The token response carries `api_domain`, the company's API host that every API request goes to: `.token_value("api_domain")` requires it at the code exchange and keeps it with the token (`Token::extra`), through refreshes too.

use appcreds::prelude::*;

/// Pipedrive's OAuth 2.0 server.
#[authorization_server(category = "crm_support")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://oauth.pipedrive.com/oauth/authorize",
        "https://oauth.pipedrive.com/oauth/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
    .pkce(false)
    .token_value("api_domain")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://app.pipedrive.com/developer-hub",
        ),
        (
            "docs_url",
            "https://pipedrive.readme.io/docs/marketplace-oauth-authorization",
        ),
    ])
}
