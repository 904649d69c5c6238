//! #[auth_implementation]: async or sync, boxed implementation or a Result of one, the credential
//! under its older name `DeveloperCredential`.

use appcreds::prelude::*;

struct Custom {
    auth_domain: String,
    name: String,
}

#[async_trait]
impl OAuth2Implementation for Custom {
    fn name(&self) -> &str {
        &self.name
    }

    fn auth_domain(&self) -> &str {
        &self.auth_domain
    }

    async fn authorize_url(&self, request: &AuthorizeRequest) -> Result<Url, ImplementationError> {
        Ok(request.redirect_uri.clone())
    }

    async fn exchange_code(&self, _exchange: &CodeExchange) -> Result<Token, TokenError> {
        Ok(Token::bearer("token"))
    }

    async fn refresh_token(&self, token: &Token) -> Result<Token, TokenError> {
        Ok(token.clone())
    }
}

#[auth_implementation(domain = "custom_async")]
async fn custom_async(_ctx: &Context, auth_domain: &str, credential: ClientCredential) -> Box<dyn OAuth2Implementation> {
    Box::new(Custom { auth_domain: auth_domain.to_owned(), name: credential.client_id().to_owned() })
}

#[auth_implementation(domain = "custom_sync")]
fn custom_sync(
    _ctx: &Context,
    auth_domain: &str,
    credential: DeveloperCredential,
) -> Result<Box<dyn OAuth2Implementation>, std::fmt::Error> {
    Ok(Box::new(Custom { auth_domain: auth_domain.to_owned(), name: credential.name().unwrap_or("x").to_owned() }))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let registry = appcreds::Registry::discover().strict().unwrap();
    let ctx = Context::default();
    let credential = ClientCredential::new("client", "secret").with_name("Mine");
    let implementation =
        registry.get("custom_sync").unwrap().custom_implementation(&ctx, "custom_sync", credential).await.unwrap().unwrap();
    assert_eq!((implementation.name(), implementation.auth_domain()), ("Mine", "custom_sync"));
    assert!(registry.get("custom_async").unwrap().authorization_server(&ctx).await.unwrap().is_none());
}
