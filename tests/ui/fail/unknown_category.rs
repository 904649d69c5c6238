use appcreds::prelude::*;

#[authorization_server(domain = "example", category = "home")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
}

#[auth_implementation(domain = "other", category = "gaming")]
fn implementation(
    _ctx: &Context,
    _auth_domain: &str,
    _credential: ClientCredential,
) -> Box<dyn OAuth2Implementation> {
    unimplemented!()
}

#[description_placeholders(domain = "example", category = "smart_home")]
fn placeholders() -> Placeholders {
    Placeholders::new()
}

fn main() {}
