//! Zendesk Support, per account (`{subdomain}.zendesk.com`): the account's subdomain is a template input in the host name, one DNS label in front of the fixed `zendesk.com`.
//!
//! Every token request, refreshes included, asks for `expires_in=1800` as the reference's source does, so access tokens expire after 30 minutes and are refreshed.

use appcreds::prelude::*;

/// The OAuth 2.0 server of one Zendesk account.
#[authorization_server(category = "crm_support")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://{subdomain}.zendesk.com/oauth/authorizations/new",
        "https://{subdomain}.zendesk.com/oauth/tokens",
    )
    .input("subdomain", "[A-Za-z0-9-]{1,63}")
    .token_param("expires_in", "1800")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.zendesk.com/documentation/ticketing/working-with-oauth/using-oauth-authentication-with-your-application/",
        ),
        ("docs_url", "https://developer.zendesk.com/api-reference/"),
    ])
}
