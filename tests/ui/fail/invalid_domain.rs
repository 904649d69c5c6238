use appcreds::prelude::*;

#[authorization_server(domain = "Home-Connect")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
}

fn main() {}
