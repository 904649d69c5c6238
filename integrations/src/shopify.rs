//! Shopify, per store (`{subdomain}.myshopify.com`): the store is a template input in the host name, one DNS label in front of the fixed `myshopify.com`.
//!
//! Every token request carries `expiring=1`, as the reference's source sends it, so Shopify issues expiring offline tokens with a refresh token.

use appcreds::prelude::*;

/// The OAuth 2.0 server of one Shopify store.
#[authorization_server(category = "commerce")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://{subdomain}.myshopify.com/admin/oauth/authorize",
        "https://{subdomain}.myshopify.com/admin/oauth/access_token",
    )
    .input("subdomain", "[A-Za-z0-9-]{1,63}")
    .token_param("expiring", "1")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        ("developer_console_url", "https://partners.shopify.com/"),
        (
            "docs_url",
            "https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant",
        ),
    ])
}
