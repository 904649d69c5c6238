//! HubSpot. The reference's facts need no option: credentials in the form body, PKCE on. No scopes are declared (the reference has no default).
//!
//! The account's portal (hub) id is resolved after linking, from HubSpot's token-information endpoint: that is not part of the OAuth flow.

use appcreds::prelude::*;

/// HubSpot's OAuth 2.0 server.
#[authorization_server(category = "crm_support")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://app.hubspot.com/oauth/authorize",
        "https://api.hubapi.com/oauth/v1/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://developers.hubspot.com/"),
        (
            "docs_url",
            "https://developers.hubspot.com/docs/reference/api/overview",
        ),
    ])
}
