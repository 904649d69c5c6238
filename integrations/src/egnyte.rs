//! Egnyte, per domain (`{subdomain}.egnyte.com`): the domain is a template input in the host name, one DNS label in front of the fixed `egnyte.com`.
//!
//! Egnyte's authorize and token endpoints are the same path (`/puboauth/token`), as the reference gives them.

use appcreds::prelude::*;

/// The OAuth 2.0 server of one Egnyte domain.
#[authorization_server(category = "files")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://{subdomain}.egnyte.com/puboauth/token",
        "https://{subdomain}.egnyte.com/puboauth/token",
    )
    .input("subdomain", "[A-Za-z0-9-]{1,63}")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://developers.egnyte.com/member/register",
        ),
        (
            "docs_url",
            "https://developers.egnyte.com/docs/read/Public_API_Authentication#Authorization-Code-Flow",
        ),
    ])
}
