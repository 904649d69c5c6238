use appcreds::prelude::*;

#[authorization_server(domain = "example")]
async fn server() {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token");
}

fn main() {}
