//! Volvo (EU host). PKCE, the default. The scopes come from `volvocarsapi`, which the reference did not read, so only `openid` is declared; the flow also needs a Volvo developer API key, which is not an OAuth matter.

use appcreds::prelude::*;

/// Volvo's OAuth 2.0 server.
#[authorization_server(category = "vehicles")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://volvoid.eu.volvocars.com/as/authorization.oauth2",
        "https://volvoid.eu.volvocars.com/as/token.oauth2",
    )
    .scopes(["openid"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developer.volvocars.com/account/",
        ),
        (
            "docs_url",
            "https://developer.volvocars.com/apis/docs/authorisation",
        ),
    ])
}
