use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://{tenant}.com/authorize", "https://example.com/token")
        .input("tenant", "[a-z]+")
}

fn main() {}
