//! Flows with `#[auth_implementation]` integrations: the aborts only code can produce
//! (`no_url_available`, `authorize_url_timeout`), `already_configured` for an account whose
//! provider identity is already linked, and a refresh that returns an unusable token.

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
    /// Links with a token that expires at once; every refresh answers an empty access token.
    EmptyRefresh,
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
            Behaviour::Identified | Behaviour::EmptyRefresh => {
                let mut url = Url::parse("https://provider.example/authorize").unwrap();
                url.query_pairs_mut().append_pair("state", &request.state);
                Ok(url)
            }
        }
    }

    async fn exchange_code(&self, _exchange: &CodeExchange) -> Result<Token, TokenError> {
        if let Behaviour::EmptyRefresh = self.behaviour {
            let mut token = Token::bearer("at-first").expiring_in(Duration::ZERO);
            token.refresh_token = Some("rt-first".to_owned().into());
            return Ok(token);
        }
        let mut token = Token::bearer("at").expiring_in(Duration::from_secs(3600));
        token.extra.insert("user_id".into(), 42.into());
        Ok(token)
    }

    async fn refresh_token(&self, token: &Token) -> Result<Token, TokenError> {
        match self.behaviour {
            Behaviour::EmptyRefresh => Ok(Token::bearer("")),
            _ => Ok(token.clone()),
        }
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
        ("empty_refresh", Behaviour::EmptyRefresh),
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

/// Home Assistant's reference: a custom implementation whose refresh returns a token without an
/// access token is refused. The stored token stays, the error is typed, and no request goes out
/// with an empty bearer.
#[tokio::test]
async fn a_refresh_without_an_access_token_keeps_the_old_token() {
    use appcreds::linking::SessionError;
    use secrecy::ExposeSecret;

    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let app = app_with(&db, registry(), EngineConfig::default()).await;
    add_client(&app, "empty_refresh", "client", "secret", None).await;
    let FlowStep::External { authorize_url, .. } = app
        .flows()
        .start("empty_refresh", StartOptions::user())
        .await
        .unwrap()
    else {
        panic!("an external step")
    };
    let state = authorize_url
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    let query = CallbackQuery::parse(&format!("code=c&state={state}"));
    let FlowStep::CreateEntry { account, .. } = app.flows().callback(&query).await.unwrap() else {
        panic!("linked")
    };
    let entry_id = account.id;
    let session = app.session(&entry_id).await.unwrap();

    let error = session.access_token().await.unwrap_err();
    assert!(
        matches!(
            &error,
            SessionError::Refresh { source: TokenError::Malformed { reason }, .. }
                if reason.contains("`access_token` is empty")
        ),
        "{error:?}"
    );
    let stored = app.store().account(&entry_id).await.unwrap();
    assert_eq!(stored.token.access_token.expose_secret(), "at-first");
    assert_eq!(
        stored.token.refresh_token.unwrap().expose_secret(),
        "rt-first"
    );

    // An API behind a real socket: the session refuses before it connects.
    let api = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api", api.local_addr().unwrap());
    let sent = session.request(reqwest::Client::new().get(&url)).await;
    assert!(
        matches!(sent, Err(SessionError::Refresh { .. })),
        "{sent:?}"
    );
    let connection = tokio::time::timeout(Duration::from_millis(300), api.accept()).await;
    assert!(connection.is_err(), "nothing was sent to the API");
}
