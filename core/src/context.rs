//! [`Context`]: what the host tells an integration's functions.

use std::collections::BTreeMap;

use thiserror::Error;
use url::Url;

use crate::oauth::TokenClient;

/// The path of the OAuth callback, appended to the external URL to form the redirect URI.
pub const CALLBACK_PATH: &str = "/auth/external/callback";

/// The external URL used when the host configures none: `serve`'s default address.
pub const DEFAULT_EXTERNAL_URL: &str = "http://127.0.0.1:8123";

/// One account's values of its integration's per-account inputs (Nest's `project_id`, MCP's
/// `server_url`, ...), by input name. Not secret.
pub type AccountInputs = BTreeMap<String, String>;

/// What the host passes to `#[authorization_server]`, `#[auth_implementation]` and
/// `#[description_placeholders]` functions.
///
/// ```
/// use appcreds::Context;
///
/// let ctx = Context::new("https://home.example.com/").unwrap();
/// assert_eq!(ctx.redirect_uri().as_str(), "https://home.example.com/auth/external/callback");
/// assert_eq!(ctx.input("server_url"), None);
/// ```
///
/// When the engine calls an integration's function for a flow or a linked account, the context
/// also carries that flow's (or account's) per-account input values ([`Context::input`]) and the
/// engine's [`TokenClient`] ([`Context::token_client`]). Two contexts are equal when their external
/// URLs and inputs are.
#[derive(Debug, Clone)]
pub struct Context {
    external_url: Url,
    inputs: AccountInputs,
    client: Option<TokenClient>,
}

impl PartialEq for Context {
    fn eq(&self, other: &Self) -> bool {
        self.external_url == other.external_url && self.inputs == other.inputs
    }
}

impl Eq for Context {}

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
        Ok(Context {
            external_url: url,
            inputs: BTreeMap::new(),
            client: None,
        })
    }

    /// This context with the per-account input values of a flow or account (the engine sets
    /// them; inputs are not secrets).
    ///
    /// ```
    /// use appcreds::{AccountInputs, Context};
    ///
    /// let inputs = AccountInputs::from([("server_url".to_owned(), "https://mcp.example.com/mcp".to_owned())]);
    /// let ctx = Context::default().with_inputs(inputs);
    /// assert_eq!(ctx.input("server_url"), Some("https://mcp.example.com/mcp"));
    /// ```
    pub fn with_inputs(mut self, inputs: AccountInputs) -> Self {
        self.inputs = inputs;
        self
    }

    /// This context with the HTTP client integrations should use (the engine sets its own).
    pub fn with_token_client(mut self, client: TokenClient) -> Self {
        self.client = Some(client);
        self
    }

    /// The value of the per-account input `name` of the flow or account the function is called
    /// for; `None` outside of one, or when it has no such input.
    pub fn input(&self, name: &str) -> Option<&str> {
        self.inputs.get(name).map(String::as_str)
    }

    /// Every per-account input value the context carries.
    pub fn inputs(&self) -> &AccountInputs {
        &self.inputs
    }

    /// The engine's token client (its timeouts, no redirects), when the engine made the call.
    pub fn token_client(&self) -> Option<&TokenClient> {
        self.client.as_ref()
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
