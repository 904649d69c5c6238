//! Every accepted form of #[authorization_server]: sync or async, with or without `&Context`,
//! `T` or `Result<T, E>`, explicit or inferred domain, path-qualified types.

mod inferred {
    use appcreds::prelude::*;

    #[authorization_server]
    async fn server(ctx: &Context) -> AuthorizationServer {
        let _ = ctx.redirect_uri();
        AuthorizationServer::new("https://inferred.example.com/authorize", "https://inferred.example.com/token")
    }
}

use appcreds::prelude::*;

#[authorization_server(domain = "sync_plain")]
fn sync_plain() -> AuthorizationServer {
    AuthorizationServer::new("http://localhost:8080/authorize", "http://127.0.0.1:8080/token")
}

#[authorization_server(domain = "async_result")]
async fn async_result<'a>(_ctx: &'a appcreds::Context) -> Result<AuthorizationServer, std::io::Error> {
    Ok(AuthorizationServer::new("https://b2c.example.com/authorize?p=signin", "https://b2c.example.com/token?p=signin")
        .pkce(false)
        .client_auth(ClientAuth::ClientSecretBasic)
        .scopes(["a", "b"])
        .scope_separator(",")
        .authorize_param("access_type", "offline")
        .token_param("action", "requesttoken")
        .issuer("https://b2c.example.com"))
}

/// Computed endpoints are accepted; they are checked when the server is used.
#[authorization_server(domain = "computed")]
pub(crate) fn computed() -> Result<AuthorizationServer, Box<dyn std::error::Error + Send + Sync>> {
    let base = String::from("https://computed.example.com");
    Ok(AuthorizationServer::new(format!("{base}/authorize"), format!("{base}/token")))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let registry = appcreds::Registry::discover().strict().unwrap();
    let domains: Vec<_> = registry.domains().collect();
    assert_eq!(domains, ["async_result", "computed", "inferred", "sync_plain"]);
    let ctx = Context::default();
    for integration in registry.iter() {
        let server = integration.authorization_server(&ctx).await.unwrap().unwrap();
        server.validate().unwrap();
    }
    let server = registry.get("async_result").unwrap().authorization_server(&ctx).await.unwrap().unwrap();
    let server = server.validate().unwrap();
    assert_eq!(server.scope_param().as_deref(), Some("a,b"));
    assert!(!server.pkce());
}
