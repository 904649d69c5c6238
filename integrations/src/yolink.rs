//! YoLink. No quirks.

use appcreds::prelude::*;

/// YoLink's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://api.yosmart.com/oauth/v2/authorization.htm",
        "https://api.yosmart.com/open/yolink/token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "request_access_url",
        "http://doc.yosmart.com/docs/overall/qsg_csid",
    )])
}
