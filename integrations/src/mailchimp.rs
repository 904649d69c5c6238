//! Mailchimp Marketing. The reference's facts need no option: credentials in the form body, PKCE on. Mailchimp has no OAuth scopes.
//!
//! API calls go to the account's data centre (`dc`), read after linking from Mailchimp's OAuth metadata endpoint: that is not part of the OAuth URLs.

use appcreds::prelude::*;

/// Mailchimp's OAuth 2.0 server.
#[authorization_server(category = "communication")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.mailchimp.com/oauth2/authorize",
        "https://login.mailchimp.com/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://admin.mailchimp.com/account/oauth2/",
        ),
        (
            "docs_url",
            "https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2",
        ),
    ])
}
