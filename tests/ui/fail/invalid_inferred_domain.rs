#[allow(non_snake_case)]
mod HomeConnect {
    use appcreds::prelude::*;

    #[authorization_server]
    fn server() -> AuthorizationServer {
        AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
    }
}

fn main() {}
