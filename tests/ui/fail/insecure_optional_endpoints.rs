use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
        .revocation_url("http://example.com/revoke")
        .device_authorization_url("https://example.com/device#code")
}

fn main() {}
