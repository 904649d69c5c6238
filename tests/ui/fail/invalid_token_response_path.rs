use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://a.example/authorize", "https://a.example/token")
        .token_response_path("body..token")
}

fn main() {}
