use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
        .authorize_param("app_key", "x")
        .client_id_param("state")
        .client_id_param("app_key")
        .client_id_param("client key")
}

fn main() {}
