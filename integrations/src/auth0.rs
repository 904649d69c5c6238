//! Auth0, per tenant (`{subdomain}.auth0.com`): the tenant is a template input in the host name, one DNS label in front of the fixed `auth0.com`.
//!
//! The authorize request asks for `response_mode=query`, as the reference's source does.

use appcreds::prelude::*;

/// The OAuth 2.0 server of one Auth0 tenant.
#[authorization_server(category = "identity")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://{subdomain}.auth0.com/authorize",
        "https://{subdomain}.auth0.com/oauth/token",
    )
    .input("subdomain", "[A-Za-z0-9-]{1,63}")
    .authorize_param("response_mode", "query")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://manage.auth0.com/"),
        (
            "docs_url",
            "https://auth0.com/docs/get-started/authentication-and-authorization-flow/call-your-api-using-the-authorization-code-flow",
        ),
    ])
}
