use appcreds::prelude::*;

struct Integration;

impl Integration {
    #[authorization_server(domain = "example")]
    fn server(&self) -> AuthorizationServer {
        AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
    }
}

fn main() {}
