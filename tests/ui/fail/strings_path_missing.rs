use appcreds::prelude::*;

#[authorization_server(domain = "example", strings = "translations/example.json")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
}

fn main() {}
