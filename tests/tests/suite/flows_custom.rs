//! Flows with `#[auth_implementation]` integrations: the aborts only code can produce
//! (`no_url_available`, `authorize_url_timeout`) and `already_configured` for an account whose
//! provider identity is already linked.

use std::convert::Infallible;
use std::time::Duration;

use appcreds::Registry;
use appcreds::linking::{AbortReason, CallbackQuery, EngineConfig, FlowStep, StartOptions};
use appcreds::prelude::*;
use appcreds_tests::flow_support::{add_client, app_with};
use appcreds_tests::store_harness::{Kind, TestDb};

/// What the test implementations do, chosen by their domain.
#[derive(Clone, Copy)]
enum Behaviour {
    SlowUrl,
    NoUrl,
    Identified,
}

struct Scripted {
    behaviour: Behaviour,
    auth_domain: String,
}

#[async_trait]
impl OAuth2Implementation for Scripted {
    fn name(&self) -> &str {
        "Scripted"
    }

    fn auth_domain(&self) -> &str {
        &self.auth_domain
    }

    async fn authorize_url(&self, request: &AuthorizeRequest) -> Result<Url, ImplementationError> {
        match self.behaviour {
            Behaviour::SlowUrl => {
                tokio::time::sleep(Duration::from_secs(5)).await;
                Ok(request.redirect_uri.clone())
            }
            Behaviour::NoUrl => Err(ImplementationError::new(
                "the provider's discovery document is unreachable",
            )),
            Behaviour::Identified => {
                let mut url = Url::parse("https://provider.example/authorize").unwrap();
                url.query_pairs_mut().append_pair("state", &request.state);
                Ok(url)
            }
        }
    }

    async fn exchange_code(&self, _exchange: &CodeExchange) -> Result<Token, TokenError> {
        let mut token = Token::bearer("at").expiring_in(Duration::from_secs(3600));
        token.extra.insert("user_id".into(), 42.into());
        Ok(token)
    }

    async fn refresh_token(&self, token: &Token) -> Result<Token, TokenError> {
        Ok(token.clone())
    }
}

fn scripted(behaviour: Behaviour, auth_domain: &str) -> Box<dyn OAuth2Implementation> {
    Box::new(Scripted {
        behaviour,
        auth_domain: auth_domain.to_owned(),
    })
}

/// One domain per behaviour, each a custom implementation added with the builder.
fn registry() -> Registry {
    let behaviours = [
        ("slow_url", Behaviour::SlowUrl),
        ("no_url", Behaviour::NoUrl),
        ("identified", Behaviour::Identified),
    ];
    let mut builder = Registry::builder();
    for (domain, behaviour) in behaviours {
        builder =
            builder.auth_implementation(domain, move |_ctx, auth_domain, _credential| async move {
                Ok::<_, Infallible>(scripted(behaviour, &auth_domain))
            });
    }
    builder.build().strict().expect("a valid registry")
}

async fn start(domain: &str, config: EngineConfig) -> FlowStep {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let app = app_with(&db, registry(), config).await;
    add_client(&app, domain, "client", "secret", None).await;
    app.flows()
        .start(domain, StartOptions::user())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_implementation_without_a_url_is_no_url_available() {
    let step = start("no_url", EngineConfig::default()).await;
    assert_eq!(step.abort_reason(), Some(AbortReason::NoUrlAvailable));
}

#[tokio::test]
async fn a_slow_implementation_is_authorize_url_timeout() {
    let config = EngineConfig {
        authorize_url_timeout: Duration::from_millis(200),
        ..EngineConfig::default()
    };
    let step = start("slow_url", config).await;
    assert_eq!(step.abort_reason(), Some(AbortReason::AuthorizeUrlTimeout));
}

#[tokio::test]
async fn the_same_provider_account_twice_is_already_configured() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let app = app_with(&db, registry(), EngineConfig::default()).await;
    add_client(&app, "identified", "client", "secret", None).await;
    let mut outcomes = Vec::new();
    for _ in 0..2 {
        let step = app
            .flows()
            .start("identified", StartOptions::user())
            .await
            .unwrap();
        let FlowStep::External { authorize_url, .. } = step else {
            panic!("{step:?}")
        };
        let state = authorize_url
            .query_pairs()
            .find(|(k, _)| k == "state")
            .unwrap()
            .1
            .into_owned();
        let query = CallbackQuery::parse(&format!("code=c&state={state}"));
        outcomes.push(app.flows().callback(&query).await.unwrap());
    }
    assert!(
        matches!(outcomes[0], FlowStep::CreateEntry { .. }),
        "{:?}",
        outcomes[0]
    );
    assert_eq!(
        outcomes[1].abort_reason(),
        Some(AbortReason::AlreadyConfigured)
    );
    let accounts = app.store().accounts(Some("identified")).await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].unique_id.as_deref(), Some("42"));
}
