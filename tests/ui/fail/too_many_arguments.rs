use appcreds::prelude::*;

#[authorization_server(domain = "example")]
async fn server(_ctx: &Context, _region: &str) -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
}

fn main() {}
