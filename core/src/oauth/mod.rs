//! The OAuth 2.0 side: the [`OAuth2Implementation`] trait every way of linking an account
//! implements, the [`LocalImplementation`] built from a declared server and a user's credential,
//! the [`Token`] it produces, PKCE, the HTTP client of token requests, and typed errors.
//!
//! [`Flows`] link accounts (state, PKCE, callback) and [`Session`]s keep their tokens fresh, on
//! top of these and of the store.

mod abort;
mod authorize_url;
mod callback;
pub(crate) mod engine;
mod error;
mod flow;
mod http;
mod implementation;
mod local;
mod pkce;
mod session;
mod state;
mod token;
mod token_request;
mod token_response;

pub use abort::AbortReason;
/// Implement [`OAuth2Implementation`] with `#[appcreds::oauth::async_trait]`.
pub use async_trait::async_trait;
pub use authorize_url::authorize_url_with;
pub use callback::{CallbackError, CallbackQuery};
pub use engine::EngineConfig;
pub use error::{ImplementationError, TokenError};
pub use flow::{AccountSummary, FlowError, FlowStep, Flows, ImplementationChoice, StartOptions};
pub use http::{
    CONNECT_TIMEOUT, ClientBuildError, MAX_RESPONSE_BYTES, TOKEN_REQUEST_TIMEOUT, TokenClient,
    TokenClientBuilder,
};
pub use implementation::{AuthorizeRequest, CodeExchange, OAuth2Implementation};
pub use local::LocalImplementation;
pub use pkce::{PKCE_METHOD, Pkce, PkceError};
pub use session::{Session, SessionError};
pub use token::Token;
pub(crate) use token::now_secs;
pub use token_request::TokenRequest;
