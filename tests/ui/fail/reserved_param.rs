use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://a.example/authorize", "https://a.example/token")
        .authorize_param("state", "mine")
        .token_param("grant_type", "password")
}

fn main() {}
