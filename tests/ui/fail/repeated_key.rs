use appcreds::prelude::*;

#[authorization_server(domain = "example", domain = "other")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
}

fn main() {}
