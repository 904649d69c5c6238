//! [`DemoProvider`]: the demo authorization server's state and router.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::routing::{get, post};

use super::grants::GrantBook;
use super::state_file::StateFile;
use super::{CLIENT_ID, CLIENT_SECRET, pages, token_endpoint};

/// The demo provider's registered client and behaviour.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    /// The registered client id.
    pub client_id: String,
    /// The registered client secret.
    pub client_secret: String,
    /// The one registered redirect URI, compared byte for byte.
    pub redirect_uri: String,
    /// The issuer sent as `iss` (RFC 9207).
    pub issuer: String,
    /// `expires_in` of access tokens, in seconds.
    pub access_token_lifetime: u64,
    /// Where the grants are kept across restarts (`None`: memory only). Saved off the request
    /// path, at most every [`SAVE_INTERVAL`](crate::SAVE_INTERVAL), and when the provider is dropped.
    pub state_file: Option<PathBuf>,
}

impl DemoConfig {
    /// The demo client, for an application reached at `external_url`, keeping its grants in
    /// `state_file`.
    pub fn for_app(
        external_url: &url::Url,
        redirect_uri: &url::Url,
        state_file: Option<PathBuf>,
    ) -> DemoConfig {
        DemoConfig {
            client_id: CLIENT_ID.to_owned(),
            client_secret: CLIENT_SECRET.to_owned(),
            redirect_uri: redirect_uri.to_string(),
            issuer: super::issuer(external_url),
            access_token_lifetime: 3600,
            state_file,
        }
    }
}

/// The running provider's state. Cheap to clone.
#[derive(Clone)]
pub struct DemoProvider {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) config: DemoConfig,
    book: Arc<Mutex<GrantBook>>,
    state_file: Option<StateFile>,
    /// Login tickets (between the login and the consent page): ticket → user.
    pub(crate) tickets: Mutex<HashMap<String, String>>,
}

impl std::fmt::Debug for DemoProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoProvider")
            .field("client_id", &self.inner.config.client_id)
            .field("redirect_uri", &self.inner.config.redirect_uri)
            .finish_non_exhaustive()
    }
}

impl DemoProvider {
    /// A provider with `config`, loading its grants from the state file if there is one.
    pub fn new(config: DemoConfig) -> DemoProvider {
        let book = Arc::new(Mutex::new(
            config
                .state_file
                .as_deref()
                .map(StateFile::load)
                .unwrap_or_default(),
        ));
        let state_file = config
            .state_file
            .clone()
            .map(|path| StateFile::start(path, Arc::clone(&book)));
        DemoProvider {
            inner: Arc::new(Inner {
                config,
                book,
                state_file,
                tickets: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The routes under `/demo/oauth`: `authorize` (login page), `login`, `consent`, `token`, and
    /// `/demo/api/me` (who the access token belongs to).
    pub fn router<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        Router::new()
            .route("/demo/oauth/authorize", get(pages::authorize))
            .route("/demo/oauth/login", post(pages::login))
            .route("/demo/oauth/consent", post(pages::consent))
            .route("/demo/oauth/token", post(token_endpoint::token))
            .route("/demo/api/me", get(token_endpoint::me))
            .with_state(self.clone())
    }

    /// Runs `change` on the grant book; the state file is saved soon after.
    pub(crate) fn with_book<T>(&self, change: impl FnOnce(&mut GrantBook) -> T) -> T {
        let result = change(&mut lock(&self.inner.book));
        if let Some(state_file) = &self.inner.state_file {
            state_file.changed();
        }
        result
    }

    /// Reads the grant book.
    pub(crate) fn read_book<T>(&self, read: impl FnOnce(&GrantBook) -> T) -> T {
        read(&lock(&self.inner.book))
    }
}

/// Locks, recovering from a poisoned lock (the book stays consistent: every change is one call).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::CodeRequest;

    #[test]
    fn grants_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let url = url::Url::parse("http://127.0.0.1:8123").unwrap();
        let redirect = url.join("/auth/external/callback").unwrap();
        let config =
            DemoConfig::for_app(&url, &redirect, Some(dir.path().join("demo-provider.json")));
        let provider = DemoProvider::new(config.clone());
        let request = CodeRequest {
            redirect_uri: redirect.to_string(),
            challenge: None,
            scope: None,
            subject: "demo".into(),
        };
        let code = provider.with_book(|book| book.issue_code(request, crate::now_secs()));
        drop(provider);
        let restarted = DemoProvider::new(config);
        let issued = restarted.with_book(|book| {
            book.exchange(
                &code,
                Some(redirect.as_str()),
                None,
                None,
                crate::now_secs(),
            )
        });
        assert_eq!(issued.map(|i| i.subject).as_deref(), Ok("demo"));
    }
}
