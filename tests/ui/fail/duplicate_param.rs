use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://a.example/authorize", "https://a.example/token")
        .authorize_param("prompt", "consent")
        .authorize_param("prompt", "none")
}

fn main() {}
