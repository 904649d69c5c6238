//! `LocalImplementation` against the strict mock: the setup the wire tests share.

use std::time::Duration;

use appcreds::oauth::{
    AuthorizeRequest, CodeExchange, LocalImplementation, OAuth2Implementation, Pkce, TokenClient,
};
use appcreds::{AuthorizationServer, ClientCredential, Token, TokenError};
use secrecy::ExposeSecret;
use url::Url;

use crate::callback::Callback;
use crate::mock_provider::{Failure, MockConfig, MockProvider, RecordedRequest};

/// The redirect URI of these tests.
pub const REDIRECT_URI: &str = "http://127.0.0.1:8123/auth/external/callback";

/// [`REDIRECT_URI`] parsed.
pub fn redirect_uri() -> Url {
    Url::parse(REDIRECT_URI).unwrap()
}

/// A mock provider and an implementation of its client.
pub struct Setup {
    /// The mock.
    pub mock: MockProvider,
    /// The implementation under test.
    pub implementation: LocalImplementation,
}

/// A mock with `config` and an implementation of its client at the server `customize` makes.
pub async fn setup(
    config: MockConfig,
    customize: impl FnOnce(AuthorizationServer) -> AuthorizationServer,
) -> Setup {
    setup_with(config, customize, TokenClient::new().unwrap()).await
}

/// [`setup`] with this token client.
pub async fn setup_with(
    config: MockConfig,
    customize: impl FnOnce(AuthorizationServer) -> AuthorizationServer,
    client: TokenClient,
) -> Setup {
    let mock = MockProvider::start(config).await.unwrap();
    let server = customize(AuthorizationServer::new(
        mock.authorize_url(),
        mock.token_url(),
    ));
    let credential = ClientCredential::new(
        mock.config().client_id.clone(),
        mock.config().client_secret.clone(),
    );
    let implementation =
        LocalImplementation::new("mock", server.validate().unwrap(), credential, client);
    Setup {
        mock,
        implementation,
    }
}

impl Setup {
    /// Runs authorize → callback and returns the callback with the flow's PKCE pair.
    pub async fn authorize(&self) -> (Callback, Pkce) {
        let pkce = Pkce::new_s256();
        let request = AuthorizeRequest::new(redirect_uri(), "state-123", &pkce);
        let url = self.implementation.authorize_url(&request).await.unwrap();
        let location = self.mock.authorize(&url).await.unwrap();
        let callback = Callback::from_url(&location);
        assert_eq!(callback.redirect_uri, REDIRECT_URI);
        assert_eq!(callback.state.as_deref(), Some("state-123"));
        (callback, pkce)
    }

    /// Runs the whole flow and returns the token.
    pub async fn link(&self) -> Result<Token, TokenError> {
        let (callback, pkce) = self.authorize().await;
        let code = callback.code.expect("a code");
        self.implementation
            .exchange_code(&CodeExchange::new(code, redirect_uri(), &pkce))
            .await
    }

    /// The last authorize request the mock received.
    pub fn last_authorize(&self) -> RecordedRequest {
        self.mock.requests_to("/authorize").pop().unwrap()
    }

    /// The last token request the mock received.
    pub fn last_token(&self) -> RecordedRequest {
        self.mock.last_token_request().unwrap()
    }
}

/// The secret of an optional token field, exposed.
pub fn secret(token: &Option<secrecy::SecretString>) -> Option<String> {
    token.as_ref().map(|t| t.expose_secret().to_owned())
}

/// What each injected failure must become, for a code exchange and for a refresh.
pub fn expected(failure: &Failure, error: &TokenError) -> bool {
    match failure {
        Failure::Status(400 | 401 | 403 | 404) | Failure::ErrorWith200 | Failure::OAuthError(_) => {
            matches!(error, TokenError::Rejected { .. }) && error.requires_reauth()
        }
        Failure::Status(status) => {
            matches!(error, TokenError::Unavailable { status: Some(s), .. } if s == status)
                && !error.requires_reauth()
        }
        Failure::NonJson | Failure::MissingAccessToken | Failure::Oversized(_) => {
            matches!(error, TokenError::Malformed { .. })
        }
        Failure::Slow(_) => matches!(error, TokenError::Timeout { .. }),
        Failure::Redirect => {
            matches!(
                error,
                TokenError::Unavailable {
                    status: Some(307),
                    ..
                }
            )
        }
        Failure::StringExpiresIn
        | Failure::MissingExpiresIn
        | Failure::MissingTokenType
        | Failure::Json(..) => false,
    }
}

/// Every failure the token endpoint can be made to produce.
pub fn failures() -> Vec<Failure> {
    vec![
        Failure::Status(400),
        Failure::Status(401),
        Failure::Status(403),
        Failure::Status(429),
        Failure::Status(500),
        Failure::Status(503),
        Failure::ErrorWith200,
        Failure::NonJson,
        Failure::MissingAccessToken,
        Failure::Oversized(300 * 1024),
        Failure::Slow(Duration::from_secs(2)),
        Failure::Redirect,
    ]
}

/// Fails if any of `secrets` appears in `text`.
pub fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "`{secret}` leaked into: {text}");
    }
}
