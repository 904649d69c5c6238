//! #[description_placeholders] beside a strings.json: the keys match the description; the runtime
//! adds {redirect_url}. Computed keys are accepted (checked at run time by `appcreds check`).

mod example {
    use appcreds::prelude::*;

    #[authorization_server]
    fn server() -> AuthorizationServer {
        AuthorizationServer::new("https://example.com/authorize", "https://example.com/token")
    }

    #[description_placeholders]
    async fn placeholders(_ctx: &Context) -> Result<Placeholders, std::io::Error> {
        Ok(Placeholders::from([("console_url", "https://console.example.com")]).with("guide_url", "https://example.com/guide"))
    }
}

mod computed {
    use appcreds::prelude::*;

    #[authorization_server(strings = "../pass/computed_keys.json")]
    fn server() -> AuthorizationServer {
        AuthorizationServer::new("https://computed.example.com/authorize", "https://computed.example.com/token")
    }

    const KEY: &str = "portal_url";

    #[description_placeholders(strings = "computed_keys.json")]
    fn placeholders() -> Placeholders {
        Placeholders::new().with(KEY, "https://portal.example.com")
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let registry = appcreds::Registry::discover().strict().unwrap();
    let ctx = appcreds::Context::new("https://home.example.com").unwrap();
    let example = registry.get("example").unwrap();
    assert_eq!(example.title(), "Example");
    let placeholders = example.placeholders(&ctx).await.unwrap();
    let keys: Vec<_> = placeholders.keys().collect();
    assert_eq!(keys, ["console_url", "guide_url", "redirect_url"]);
    assert_eq!(placeholders.get("redirect_url"), Some("https://home.example.com/auth/external/callback"));
    let computed = registry.get("computed").unwrap();
    assert_eq!(computed.title(), "Computed");
    assert!(computed.description().unwrap().contains("{portal_url}"));
}
