use appcreds::oauth::{LocalImplementation, TokenClient};
use appcreds::prelude::*;

// `url_input` names an identifier...
#[auth_implementation(domain = "example", url_input = "server-url")]
fn implementation(
    _ctx: &Context,
    auth_domain: &str,
    credential: ClientCredential,
) -> Result<Box<dyn OAuth2Implementation>, Box<dyn std::error::Error + Send + Sync>> {
    let server = AuthorizationServer::new("https://example.com/authorize", "https://example.com/token");
    let client = TokenClient::new()?;
    Ok(Box::new(LocalImplementation::new(auth_domain, server.validate()?, credential, client)))
}

// ...and only an `#[auth_implementation]` takes one (a server declares template inputs).
#[authorization_server(domain = "other", url_input = "server_url")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
}

fn main() {}
