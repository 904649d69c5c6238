//! Salesforce Experience Cloud, per site (`{subdomain}.my.site.com`): the site is a template input in the host name, one DNS label in front of the fixed `my.site.com`.
//!
//! The only scope is the reference's default `offline_access`. The token response's `instance_url` is kept with the token (`Token::extra`).

use appcreds::prelude::*;

/// The OAuth 2.0 server of one Salesforce Experience Cloud site.
#[authorization_server(category = "crm_support")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://{subdomain}.my.site.com/services/oauth2/authorize",
        "https://{subdomain}.my.site.com/services/oauth2/token",
    )
    .input("subdomain", "[A-Za-z0-9-]{1,63}")
    .scopes(["offline_access"])
    .token_value("instance_url")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://login.salesforce.com/"),
        (
            "docs_url",
            "https://help.salesforce.com/s/articleView?id=sf.connected_app_create.htm&type=5",
        ),
    ])
}
