use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://a.example/authorize", "https://a.example/token")
        .input("tenant", "[a-z]+")
}

fn main() {}
