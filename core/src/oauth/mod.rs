//! The OAuth 2.0 side an integration author sees: the [`OAuth2Implementation`] trait every way of
//! linking an account implements, the [`LocalImplementation`] built from a declared server and a
//! user's credential, the [`Token`] it produces, PKCE, token requests and responses, the
//! [`TokenClient`] that sends them through the host's [`HttpTransport`], and typed errors.
//!
//! None of it touches a store: what the host runs over its store (flows, sessions) is
//! [`crate::linking`] (feature `runtime`).

mod authorize_url;
mod device;
mod error;
mod implementation;
mod local;
mod pkce;
mod registration;
#[cfg(feature = "client")]
mod reqwest_transport;
mod revocation;
mod token;
mod token_client;
mod token_request;
mod token_response;
pub(crate) use token_response::parse_token_response;
mod transport;

/// Implement [`OAuth2Implementation`] with `#[appcreds::oauth::async_trait]`.
pub use async_trait::async_trait;
pub use authorize_url::authorize_url_with;
pub use device::{
    DEFAULT_INTERVAL, DEVICE_CODE_GRANT, DeviceAuthorization, DevicePoll, SLOW_DOWN_STEP,
};
pub use error::{ImplementationError, TokenError};
pub use implementation::{AuthorizeRequest, CodeExchange, OAuth2Implementation};
pub use local::LocalImplementation;
pub use pkce::{PKCE_METHOD, Pkce, PkceError};
pub use registration::{
    RegisteredClient, RegistrationError, RegistrationRequest, preferred_auth, register,
};
#[cfg(feature = "client")]
pub use reqwest_transport::ReqwestTransport;
pub use revocation::Revocation;
pub use token::Token;
pub use token_client::{CONNECT_TIMEOUT, MAX_RESPONSE_BYTES, TOKEN_REQUEST_TIMEOUT, TokenClient};
#[cfg(feature = "client")]
pub use token_client::{ClientBuildError, TokenClientBuilder};
pub use token_request::TokenRequest;
pub use transport::{HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError};
