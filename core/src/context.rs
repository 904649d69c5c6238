//! [`Context`]: what the host tells an integration's functions.

use thiserror::Error;
use url::Url;

/// The path of the OAuth callback, appended to the external URL to form the redirect URI.
pub const CALLBACK_PATH: &str = "/auth/external/callback";

/// The external URL used when the host configures none: `serve`'s default address.
pub const DEFAULT_EXTERNAL_URL: &str = "http://127.0.0.1:8123";

/// What the host passes to `#[authorization_server]`, `#[auth_implementation]` and
/// `#[description_placeholders]` functions.
///
/// ```
/// use appcreds::Context;
///
/// let ctx = Context::new("https://home.example.com/").unwrap();
/// assert_eq!(ctx.redirect_uri().as_str(), "https://home.example.com/auth/external/callback");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    external_url: Url,
}

/// Why an external URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ContextError {
    /// Not a URL.
    #[error(
        "external URL `{url}` is not a URL ({reason}); give it in full, such as `https://home.example.com`"
    )]
    Unparsable {
        /// The text given.
        url: String,
        /// What the URL parser said.
        reason: String,
    },
    /// Not `http`/`https`, or it has a query or fragment.
    #[error(
        "external URL `{url}` must be an `http` or `https` URL without query or fragment, such as `https://home.example.com`"
    )]
    Shape {
        /// The text given.
        url: String,
    },
}

impl Context {
    /// A context whose redirect URI is `external_url` + [`CALLBACK_PATH`].
    pub fn new(external_url: &str) -> Result<Self, ContextError> {
        let url = Url::parse(external_url).map_err(|e| ContextError::Unparsable {
            url: external_url.to_owned(),
            reason: e.to_string(),
        })?;
        let shape_ok = matches!(url.scheme(), "http" | "https")
            && url.host().is_some()
            && url.query().is_none()
            && url.fragment().is_none()
            && url.username().is_empty()
            && url.password().is_none();
        if !shape_ok {
            return Err(ContextError::Shape {
                url: external_url.to_owned(),
            });
        }
        Ok(Context { external_url: url })
    }

    /// The URL users and providers reach the host at.
    pub fn external_url(&self) -> &Url {
        &self.external_url
    }

    /// The exact redirect URI to register at a provider: the external URL + [`CALLBACK_PATH`].
    pub fn redirect_uri(&self) -> Url {
        let mut url = self.external_url.clone();
        let base = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base}{CALLBACK_PATH}"));
        url
    }
}

impl Default for Context {
    fn default() -> Self {
        Context::new(DEFAULT_EXTERNAL_URL).expect("the default external URL is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uri_keeps_a_base_path() {
        let ctx = Context::new("https://example.com/home").unwrap();
        assert_eq!(
            ctx.redirect_uri().as_str(),
            "https://example.com/home/auth/external/callback"
        );
        assert_eq!(
            Context::default().redirect_uri().as_str(),
            "http://127.0.0.1:8123/auth/external/callback"
        );
    }

    #[test]
    fn refuses_odd_urls() {
        assert!(matches!(
            Context::new("example.com"),
            Err(ContextError::Unparsable { .. })
        ));
        assert!(matches!(
            Context::new("ftp://example.com"),
            Err(ContextError::Shape { .. })
        ));
        assert!(matches!(
            Context::new("https://example.com/?x=1"),
            Err(ContextError::Shape { .. })
        ));
        assert!(matches!(
            Context::new("https://u:p@example.com/"),
            Err(ContextError::Shape { .. })
        ));
    }
}
