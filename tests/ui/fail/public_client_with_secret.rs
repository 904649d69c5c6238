use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://a.example/authorize", "https://a.example/token")
        .public_client()
        .client_auth(ClientAuth::ClientSecretBasic)
}

fn main() {}
