//! Not public API. Used by generated code.
//!
//! Everything the attribute macros' expansion touches is reached through `::appcreds::__private`,
//! so an integration crate depends on `appcreds` alone (not on `inventory`).

use std::future::Future;
use std::pin::Pin;

use crate::{AuthorizationServer, Placeholders};

pub use crate::check::check_crate_in_test;
pub use crate::registry::{Item, Registration};
pub use appcreds_rules::domain::is_valid as is_valid_domain;
pub use inventory;

/// Not public API. Any error an integration's function returns.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Not public API.
pub type Result<T> = std::result::Result<T, BoxError>;

/// Not public API.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Not public API. What an `#[auth_implementation]` function returns.
pub type BoxedImplementation = Box<dyn crate::OAuth2Implementation>;

/// Not public API. The last segment of a `module_path!()`: the inferred domain.
pub const fn last_path_segment(path: &'static str) -> &'static str {
    let bytes = path.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1] != b':' {
        start -= 1;
    }
    let (_, tail) = bytes.split_at(start);
    match std::str::from_utf8(tail) {
        Ok(tail) => tail,
        Err(_) => path,
    }
}

/// Not public API. The return types each attribute accepts: `T` or `Result<T, E>`. The macros
/// convert the function's value through `Box<dyn IntoRegistered<T>>`, spanned at the function's
/// return type, so that a wrong type is reported there, in these words, and nowhere else.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a return type this attribute accepts",
    label = "return `{T}` or `Result<{T}, E>` here, with an error type `E` that converts into `Box<dyn Error + Send + Sync>`",
    note = "#[authorization_server] returns `AuthorizationServer`, #[description_placeholders] returns `Placeholders`, #[auth_implementation] returns `Box<dyn OAuth2Implementation>` (each may be wrapped in a `Result`)"
)]
pub trait IntoRegistered<T> {
    /// Not public API.
    fn into_registered(self: Box<Self>) -> Result<T>;
}

macro_rules! registered_output {
    ($($output:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl IntoRegistered<$output> for $output {
            fn into_registered(self: Box<Self>) -> Result<$output> {
                Ok(*self)
            }
        }
        #[diagnostic::do_not_recommend]
        impl<E: Into<BoxError>> IntoRegistered<$output> for std::result::Result<$output, E> {
            fn into_registered(self: Box<Self>) -> Result<$output> {
                (*self).map_err(Into::into)
            }
        }
    )*};
}

registered_output!(AuthorizationServer, Placeholders, BoxedImplementation);

/// Not public API. A token endpoint's answer read into a token or a typed error, as every token
/// request reads it; for the fuzz targets.
pub fn parse_token_response(
    status: u16,
    body: &[u8],
    path: Option<&str>,
    fallback_path: Option<&str>,
) -> std::result::Result<crate::Token, crate::TokenError> {
    crate::oauth::parse_token_response(status, body, path, fallback_path)
}

/// Not public API. Parses `body` as each form the web page accepts, the way its routes do; how
/// many accept it. For the fuzz targets.
#[cfg(feature = "http")]
pub async fn parse_page_forms(body: &[u8]) -> usize {
    crate::http::ui::form_parsing::parse_all(body).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_segment() {
        const DOMAIN: &str = last_path_segment("appcreds_integrations::spotify");
        assert_eq!(DOMAIN, "spotify");
        assert_eq!(last_path_segment("my_crate"), "my_crate");
    }
}
