use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
        .token_response_path("body")
        .token_response_fallback_path("authed_user")
}

#[authorization_server(domain = "other")]
fn other() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
        .token_response_fallback_path("authed..user")
        .token_body(TokenBody::Xml)
}

fn main() {}
