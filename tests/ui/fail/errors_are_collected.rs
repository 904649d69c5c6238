use appcreds::prelude::*;

#[authorization_server(domain = "Example", region = "eu")]
fn server<R>(_ctx: &Context, _extra: u8) -> AuthorizationServer {
    AuthorizationServer::new("http://example.com/authorize", "https://example.com/token#frag")
}

fn main() {}
