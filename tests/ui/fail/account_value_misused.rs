use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
        .callback_value("code")
        .callback_value("realmId")
        .callback_value("realmId")
        .token_value("access_token")
        .token_value("")
}

fn main() {}
