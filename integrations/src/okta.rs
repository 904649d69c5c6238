//! Okta, per organization (`{subdomain}.okta.com`): the organization is a template input in the host name, one DNS label in front of the fixed `okta.com`.
//!
//! The authorize request asks for `response_mode=query`, as the reference's source does.

use appcreds::prelude::*;

/// The OAuth 2.0 (OpenID Connect) server of one Okta organization.
#[authorization_server(category = "identity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://{subdomain}.okta.com/oauth2/v1/authorize",
        "https://{subdomain}.okta.com/oauth2/v1/token",
    )
    .input("subdomain", "[A-Za-z0-9-]{1,63}")
    .authorize_param("response_mode", "query")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://login.okta.com/"),
        (
            "docs_url",
            "https://developer.okta.com/docs/reference/api/oidc",
        ),
    ])
}
