use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://a.example/{tenant}/authorize", "https://a.example/token")
        .input("tenant", "[a-z")
}

fn main() {}
