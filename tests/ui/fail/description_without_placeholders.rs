// The domain is the module's (`example`), so the function that provides the description's
// placeholders belongs in this module, and this file shows there is none.
mod example {
    use appcreds::prelude::*;

    #[authorization_server]
    fn server() -> AuthorizationServer {
        AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
    }
}

fn main() {}
