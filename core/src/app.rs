//! [`App`]: what a host application embeds — discovery, storage, credentials, flows, sessions.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use thiserror::Error;

use crate::accounts::{AccountError, Accounts};
use crate::clock::now_secs;
use crate::credentials::{CONFIG_FILE_NAME, CredentialError, Credentials};
use crate::external_url::{ExternalUrlError, UrlChoice, settle};
use crate::linking::engine::Engine;
use crate::linking::{EngineConfig, Flows, Session};
use crate::oauth::{ClientBuildError, TokenClient};
use crate::store::{AccountStatus, Store, StoreConfig, StoreError};
use crate::{Context, ContextError, Registry};

/// Why the application could not start.
#[derive(Debug, Error)]
pub enum AppError {
    /// The external URL is unusable.
    #[error(transparent)]
    Context(#[from] ContextError),
    /// The store could not be opened (database, key, migrations).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `appcreds.toml` could not be imported.
    #[error("{CONFIG_FILE_NAME}: {0}")]
    Config(#[from] CredentialError),
    /// The HTTP client for token requests could not be built.
    #[error(transparent)]
    Client(#[from] ClientBuildError),
    /// The external URL is not the one recorded with the data, or none is known.
    #[error(transparent)]
    ExternalUrl(#[from] ExternalUrlError),
}

/// Builds an [`App`].
///
/// ```no_run
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), appcreds::AppError> {
/// let app = appcreds::App::builder()
///     .data_dir("./data")                       // SQLite + key file by default
///     .external_url("http://127.0.0.1:8123")    // redirect_uri = external_url + "/auth/external/callback"
///     .build()
///     .await?;
/// # let _ = app; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AppBuilder {
    data_dir: PathBuf,
    external_url: UrlChoice,
    database_url: Option<String>,
    secret_key: Option<SecretString>,
    registry: Option<Registry>,
    config: EngineConfig,
}

impl AppBuilder {
    /// Where the SQLite database, the key file and `appcreds.toml` are (`./data` by default).
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = dir.into();
        self
    }

    /// The URL users and providers reach this application at. The first one given is recorded
    /// with the data; a later build given another one fails with
    /// [`ExternalUrlError::Mismatch`] (see [`AppBuilder::change_external_url`]). Without one, the
    /// recorded URL is used, else [`crate::DEFAULT_EXTERNAL_URL`].
    pub fn external_url(mut self, url: impl Into<String>) -> Self {
        self.external_url = UrlChoice::Given(url.into());
        self
    }

    /// The recorded external URL if there is one, else `url` (then recorded): what a server
    /// uses when it was given no URL and derives one from its listening address.
    pub fn external_url_unless_recorded(mut self, url: impl Into<String>) -> Self {
        self.external_url = UrlChoice::UnlessRecorded(url.into());
        self
    }

    /// Records `url` as the external URL, replacing the recorded one: the server moved. The
    /// redirect URI changes with it; register the new one at each provider.
    pub fn change_external_url(mut self, url: impl Into<String>) -> Self {
        self.external_url = UrlChoice::Change(url.into());
        self
    }

    /// Fails with [`ExternalUrlError::Unknown`] instead of using the default external URL when
    /// none is given or recorded: for commands that send secrets to endpoints derived from it.
    pub fn require_external_url(mut self) -> Self {
        if self.external_url == UrlChoice::Unset {
            self.external_url = UrlChoice::Required;
        }
        self
    }

    /// A PostgreSQL (or SQLite) URL instead of `<data_dir>/appcreds.db`.
    pub fn database_url(mut self, url: impl Into<String>) -> Self {
        self.database_url = Some(url.into());
        self
    }

    /// The secret key(s), instead of `APPCREDS_SECRET_KEY` or `<data_dir>/secret.key`.
    pub fn secret_key(mut self, key: SecretString) -> Self {
        self.secret_key = Some(key);
        self
    }

    /// Uses this registry instead of discovering the linked integrations.
    pub fn registry(mut self, registry: Registry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// Timeouts and margins.
    pub fn engine_config(mut self, config: EngineConfig) -> Self {
        self.config = config;
        self
    }

    /// Discovers the integrations, opens the store, imports `appcreds.toml`, and builds the app.
    pub async fn build(self) -> Result<App, AppError> {
        let registry = Arc::new(match self.registry {
            Some(registry) => registry,
            None => Registry::discover(),
        });
        // One broken integration never blocks the others: it is unavailable, and said so.
        for problem in registry.problems() {
            tracing::warn!(
                domain = problem.domain(),
                code = problem.code(),
                "integration unavailable: {problem}"
            );
        }
        if let UrlChoice::Given(url) | UrlChoice::UnlessRecorded(url) | UrlChoice::Change(url) =
            &self.external_url
        {
            // A malformed URL is refused before anything is opened.
            Context::new(url)?;
        }
        let mut store_config = StoreConfig::new(&self.data_dir);
        if let Some(url) = self.database_url {
            store_config = store_config.database_url(url);
        }
        if let Some(key) = self.secret_key {
            store_config = store_config.secret_key(key);
        }
        let store = Store::open(&store_config).await?;
        let ctx = settle(&self.external_url, &store).await?;
        let credentials = Credentials::new(store.clone(), Registry::clone(&registry));
        for outcome in credentials
            .import_config_file(&self.data_dir.join(CONFIG_FILE_NAME))
            .await?
        {
            tracing::info!(credential = %outcome.credential().id, "imported from {CONFIG_FILE_NAME}");
        }
        let client = TokenClient::new()?;
        let engine = Engine::new(registry, store, credentials, ctx, client, self.config);
        Ok(App { engine })
    }
}

/// The application side of appcreds: the registry, the store, credentials, flows and sessions.
/// Cheap to clone.
#[derive(Clone)]
pub struct App {
    engine: Arc<Engine>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("external_url", &self.engine.ctx.external_url().as_str())
            .finish_non_exhaustive()
    }
}

impl App {
    /// A builder with the defaults: `./data`, the recorded external URL or
    /// `http://127.0.0.1:8123`, SQLite.
    pub fn builder() -> AppBuilder {
        AppBuilder {
            data_dir: PathBuf::from("./data"),
            external_url: UrlChoice::Unset,
            database_url: None,
            secret_key: None,
            registry: None,
            config: EngineConfig::default(),
        }
    }

    /// The linked integrations.
    pub fn registry(&self) -> &Registry {
        &self.engine.registry
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.engine.store
    }

    /// The application-credential service.
    pub fn credentials(&self) -> &Credentials {
        &self.engine.credentials
    }

    /// The linked-account service.
    pub fn accounts(&self) -> &Accounts {
        &self.engine.accounts
    }

    /// What integrations are called with: the external URL and the redirect URI.
    pub fn context(&self) -> &Context {
        &self.engine.ctx
    }

    /// The flow engine.
    pub fn flows(&self) -> Flows {
        Flows::new(self.engine.clone())
    }

    /// The session of linked account `account_id` (an unknown account is
    /// [`AccountError::NotFound`]).
    pub async fn session(&self, account_id: &str) -> Result<Session, AccountError> {
        let account = self.engine.accounts.get(account_id).await?;
        Ok(Session::new(self.engine.clone(), account.id))
    }

    /// Refreshes, every `period`, the accounts whose token expires before the next run (plus the
    /// margin), so that idle accounts stay linked; and purges expired flows. Runs until the
    /// returned handle is aborted.
    pub fn spawn_background_refresh(&self, period: Duration) -> tokio::task::JoinHandle<()> {
        let app = self.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(period);
            loop {
                ticker.tick().await;
                app.refresh_expiring(period).await;
            }
        })
    }

    /// One round of the background refresh: every account expiring within `horizon` + margin.
    pub async fn refresh_expiring(&self, horizon: Duration) {
        if let Err(error) = self.engine.store.purge_expired_flows().await {
            tracing::warn!(%error, "could not purge expired flows");
        }
        let accounts = match self.engine.store.account_infos(None).await {
            Ok(accounts) => accounts,
            Err(error) => return tracing::warn!(%error, "background refresh: cannot list accounts"),
        };
        let horizon = horizon + self.engine.config.refresh_margin;
        for account in accounts {
            let expiring = account
                .expires_at
                .is_some_and(|at| at <= now_secs().saturating_add(horizon.as_secs()));
            if account.status == AccountStatus::NeedsReauth || !expiring {
                continue;
            }
            if let Err(error) = Session::new(self.engine.clone(), account.id.clone())
                .refresh()
                .await
            {
                tracing::warn!(account = %account.id, %error, "background refresh failed");
            }
        }
    }
}
