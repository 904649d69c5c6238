//! The options of issue 14 given as literals: a host-label input, a separate refresh endpoint
//! (templated too), a JSON token body, a renamed client id, a fallback token path, callback and
//! token values; and categories on a server and an implementation.

use appcreds::prelude::*;

#[authorization_server(domain = "tenant_host", category = "crm_support")]
fn tenant_host() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://{subdomain}.example.com/oauth/authorize",
        "https://{subdomain}.example.com/oauth/token",
    )
    .input("subdomain", "[a-z0-9-]{1,63}")
    .refresh_url("https://{subdomain}.example.com/oauth/refresh")
    .token_body(TokenBody::Json)
    .client_id_param("client_key")
    .token_response_fallback_path("authed_user")
    .callback_value("realmId")
    .token_value("instance_url")
}

#[auth_implementation(domain = "custom", category = "developer_tools")]
fn custom(_ctx: &Context, _auth_domain: &str, credential: ClientCredential) -> Box<dyn OAuth2Implementation> {
    let server = AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
        .validate()
        .unwrap();
    Box::new(LocalImplementation::new("custom", server, credential, TokenClient::new().unwrap()))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let registry = appcreds::Registry::discover().strict().unwrap();
    let ctx = Context::default();
    let integration = registry.get("tenant_host").unwrap();
    assert_eq!(integration.category(), Some("crm_support"));
    assert_eq!(registry.get("custom").unwrap().category(), Some("developer_tools"));
    let server = integration.authorization_server(&ctx).await.unwrap().unwrap();
    let linked = server.resolve([("subdomain", "acme")]).unwrap();
    assert_eq!(linked.refresh_url().unwrap().as_str(), "https://acme.example.com/oauth/refresh");
    assert_eq!(linked.client_id_param(), "client_key");
    assert_eq!(linked.token_body(), TokenBody::Json);
    assert!(server.resolve([("subdomain", "evil.com")]).is_err());
}
