//! What flow and session tests share: a test integration whose authorization server the test
//! sets (so every test talks to its own mock provider, through its own registry), an [`App`] on
//! a [`TestDb`], and the steps of a link done the way a browser would.

use std::sync::{Arc, Mutex};

use appcreds::linking::{AccountSummary, CallbackQuery, EngineConfig, FlowStep, StartOptions};
use appcreds::store::ApplicationCredential;
use appcreds::{App, AuthorizationServer, NewCredential, Registry};
use secrecy::SecretString;
use url::Url;

use crate::mock_provider::{MockClientAuth, MockConfig, MockProvider};
use crate::store_harness::TestDb;

/// A test integration: a domain whose authorization server the test declares, and may change
/// while its app runs (the registry asks for it at every use, like an `#[authorization_server]`
/// function). Until one is declared, the function fails.
#[derive(Debug, Clone)]
pub struct TestDomain {
    name: &'static str,
    server: Arc<Mutex<Option<AuthorizationServer>>>,
}

impl TestDomain {
    /// The domain `name`, with no server declared yet.
    pub fn new(name: &'static str) -> TestDomain {
        TestDomain {
            name,
            server: Arc::default(),
        }
    }

    /// The domain.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Sets the server the domain declares from now on.
    pub fn declare(&self, server: AuthorizationServer) {
        *self.server.lock().unwrap() = Some(server);
    }

    /// A registry of this one integration, built with [`Registry::builder`].
    pub fn registry(&self) -> Registry {
        registry_of(&[self])
    }
}

impl From<&'static str> for TestDomain {
    fn from(name: &'static str) -> TestDomain {
        TestDomain::new(name)
    }
}

impl From<&TestDomain> for TestDomain {
    fn from(domain: &TestDomain) -> TestDomain {
        domain.clone()
    }
}

/// A registry of these test integrations.
pub fn registry_of(domains: &[&TestDomain]) -> Registry {
    let mut builder = Registry::builder();
    for domain in domains {
        let (name, server) = (domain.name, domain.server.clone());
        builder = builder.authorization_server(name, move |_ctx| {
            let declared = server.lock().unwrap().clone();
            async move { declared.ok_or_else(|| format!("no server declared for `{name}`")) }
        });
    }
    builder.build().strict().expect("a valid test registry")
}

/// The server of `mock`, as an integration would declare it (issuer included).
pub fn server_of(mock: &MockProvider) -> AuthorizationServer {
    let server =
        AuthorizationServer::new(mock.authorize_url(), mock.token_url()).issuer(mock.issuer());
    match mock.config().client_auth {
        MockClientAuth::ClientSecretBasic => {
            server.client_auth(appcreds::ClientAuth::ClientSecretBasic)
        }
        MockClientAuth::ClientSecretPost => server,
        MockClientAuth::None => server.client_auth(appcreds::ClientAuth::None),
    }
}

/// A mock provider and `domain` declared on it.
pub async fn mock_for(domain: &TestDomain, config: MockConfig) -> MockProvider {
    let mock = MockProvider::start(config)
        .await
        .expect("the mock provider starts");
    domain.declare(server_of(&mock));
    mock
}

/// An app on `db` with the integration `domain` and `config`.
pub async fn app(db: &TestDb, domain: &TestDomain, config: EngineConfig) -> App {
    app_with(db, domain.registry(), config).await
}

/// An app on `db` with `registry` and `config`.
pub async fn app_with(db: &TestDb, registry: Registry, config: EngineConfig) -> App {
    let mut builder = App::builder()
        .data_dir(db.data_dir())
        .external_url("http://127.0.0.1:8123")
        .registry(registry)
        .engine_config(config);
    if let Some(url) = &db.url {
        builder = builder.database_url(url);
    }
    builder.build().await.expect("the app builds")
}

/// A fresh SQLite app, `domain` declared on a new mock with `config`, and the mock's client stored
/// as the domain's credential: the start of most flow and session tests.
pub async fn ready(
    domain: impl Into<TestDomain>,
    config: MockConfig,
    engine: EngineConfig,
) -> (TestDb, MockProvider, App) {
    let db = TestDb::new(crate::store_harness::Kind::Sqlite)
        .await
        .expect("a SQLite database");
    let domain = domain.into();
    let mock = mock_for(&domain, config).await;
    let app = app(&db, &domain, engine).await;
    add_credential(&app, domain.name(), &mock, None).await;
    (db, mock, app)
}

/// Stores the mock's client as a credential of `domain`.
pub async fn add_credential(
    app: &App,
    domain: &str,
    mock: &MockProvider,
    name: Option<&str>,
) -> ApplicationCredential {
    add_client(
        app,
        domain,
        &mock.config().client_id,
        &mock.config().client_secret,
        name,
    )
    .await
}

/// Stores a credential of `domain`.
pub async fn add_client(
    app: &App,
    domain: &str,
    client_id: &str,
    secret: &str,
    name: Option<&str>,
) -> ApplicationCredential {
    app.credentials()
        .create(NewCredential {
            domain: domain.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: SecretString::from(secret.to_owned()),
            name: name.map(str::to_owned),
        })
        .await
        .expect("the credential is stored")
}

/// The authorize URL of an `External` step (panics on any other step).
pub fn external_url(step: &FlowStep) -> Url {
    match step {
        FlowStep::External { authorize_url, .. } => authorize_url.clone(),
        other => panic!("expected an external step, got {other:?}"),
    }
}

/// The callback query the provider sends the browser to.
pub fn callback_of(location: &Url) -> CallbackQuery {
    CallbackQuery::parse(location.query().unwrap_or_default())
}

/// Starts a flow and consents at the mock: the callback the browser would bring back.
pub async fn authorized(
    app: &App,
    mock: &MockProvider,
    domain: &str,
    options: StartOptions,
) -> CallbackQuery {
    let step = app
        .flows()
        .start(domain, options)
        .await
        .expect("the flow starts");
    let location = mock
        .authorize(&external_url(&step))
        .await
        .expect("the mock authorizes");
    callback_of(&location)
}

/// Starts a flow, consents at the mock, and delivers the callback.
pub async fn run_flow(
    app: &App,
    mock: &MockProvider,
    domain: &str,
    options: StartOptions,
) -> FlowStep {
    let query = authorized(app, mock, domain, options).await;
    app.flows()
        .callback(&query)
        .await
        .expect("the callback is accepted")
}

/// Links an account of `domain` at `mock` and returns it.
pub async fn link(app: &App, mock: &MockProvider, domain: &str) -> AccountSummary {
    match run_flow(app, mock, domain, StartOptions::user()).await {
        FlowStep::CreateEntry { account, .. } => account,
        other => panic!("expected a linked account, got {other:?}"),
    }
}

/// The mock's default client, with an access-token lifetime.
pub fn mock_config(lifetime: Option<u64>) -> MockConfig {
    MockConfig {
        access_token_lifetime: lifetime,
        ..MockConfig::default()
    }
}

/// The key the engine stores a flow's authorization under: the hex SHA-256 of its state handle
/// (what a reader of the database sees instead of the state).
pub fn state_key(state: &str) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(state.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
