//! Geocaching (production environment). Home Assistant's custom class requests `scope=*` and sends `redirect_uri` again on refresh ("mandatory, but not according to oAuth2 spec"): both declared. `response_type=code` is what every flow sends anyway.

use appcreds::prelude::*;

/// Geocaching's OAuth 2.0 server.
#[authorization_server(category = "entertainment")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://www.geocaching.com/oauth/authorize.aspx",
        "https://oauth.geocaching.com/token",
    )
    .scopes(["*"])
    .redirect_uri_on_refresh(true)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("docs_url", "https://api.groundspeak.com/documentation")])
}
