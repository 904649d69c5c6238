use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server<T: Default>() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
}

fn main() {}
