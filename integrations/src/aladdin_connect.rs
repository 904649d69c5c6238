//! Aladdin Connect (Genie garage doors). Endpoints from the Genie-era `const.py`; no quirks.

use appcreds::prelude::*;

/// Aladdin Connect's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://app.aladdinconnect.com/login.html",
        "https://twdvzuefzh.execute-api.us-east-2.amazonaws.com/v1/oauth2/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("docs_url", "https://partners.dev.smartgarage.systems/")])
}
