//! The options of issue 6 given as literals: URL templates with declared inputs, a public client,
//! the token-response path, `redirect_uri` on refresh; and an input whose name is computed (then
//! the template comparison is left to run time).

use appcreds::prelude::*;

#[authorization_server(domain = "templated")]
fn templated() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://login.example.com/{tenant}/authorize?project={project}",
        "https://login.example.com/{tenant}/token",
    )
    .input("tenant", "[a-z0-9.-]{1,64}")
    .input("project", "[0-9]+")
    .public_client()
    .client_auth(ClientAuth::None)
    .token_param("action", "requesttoken")
    .token_response_path("body")
    .redirect_uri_on_refresh(true)
}

const TENANT: &str = "tenant";

#[authorization_server(domain = "computed_input")]
fn computed_input() -> AuthorizationServer {
    AuthorizationServer::new("https://login.example.com/{tenant}/authorize", "https://login.example.com/token")
        .input(TENANT, "[a-z]+")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let registry = appcreds::Registry::discover().strict().unwrap();
    let ctx = Context::default();
    for integration in registry.iter() {
        let server = integration.authorization_server(&ctx).await.unwrap().unwrap();
        assert!(server.problems().is_empty(), "{:?}", server.problems());
    }
    let server = registry.get("templated").unwrap().authorization_server(&ctx).await.unwrap().unwrap();
    let linked = server.resolve([("tenant", "contoso"), ("project", "42")]).unwrap();
    assert_eq!(linked.authorize_url().as_str(), "https://login.example.com/contoso/authorize?project=42");
}
