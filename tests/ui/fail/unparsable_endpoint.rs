use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> Result<AuthorizationServer, std::io::Error> {
    Ok(AuthorizationServer::new("/oauth/authorize", "https://example.com/token").issuer("example.com"))
}

fn main() {}
