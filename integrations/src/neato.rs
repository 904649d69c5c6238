//! Neato Botvac. Home Assistant's class appends `scope=public_profile+control_robots+maps` unencoded: a form-encoded space *is* `+`, so declared scopes send the same bytes.
//!
//! It also puts the client **secret** in the authorize URL. That is not reproduced: a secret in a URL ends up in browser history and server logs, and RFC 6749 never asks for it. If Neato's server insists, this integration needs an `#[auth_implementation]`.

use appcreds::prelude::*;

/// Neato Botvac's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://apps.neatorobotics.com/oauth2/authorize",
        "https://beehive.neatocloud.com/oauth2/token",
    )
    .scopes(["public_profile", "control_robots", "maps"])
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://developers.neatorobotics.com/",
    )])
}
