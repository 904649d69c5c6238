//! The OAuth 2.0 side: the [`OAuth2Implementation`] trait every way of linking an account
//! implements, the [`Token`] it produces, and its typed errors.

mod error;
mod implementation;
mod token;

/// Implement [`OAuth2Implementation`] with `#[appcreds::oauth::async_trait]`.
pub use async_trait::async_trait;
pub use error::{ImplementationError, TokenError};
pub use implementation::{AuthorizeRequest, CodeExchange, OAuth2Implementation};
pub use token::Token;
pub(crate) use token::now_secs;
