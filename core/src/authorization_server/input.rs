//! [`Input`]: a per-account value a flow is started with.

use appcreds_rules::endpoint::{self, EndpointError};
use serde::Serialize;
use url::Url;

/// A per-account input: a value that fills `{name}` in the server's URL templates, with the
/// pattern every value must match (see [`AuthorizationServer::input`]), or a whole URL an
/// `#[auth_implementation]` declares with `url_input = "name"` (see [`InputKind::Url`]).
///
/// [`AuthorizationServer::input`]: crate::AuthorizationServer::input
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    name: String,
    pattern: String,
    #[serde(skip_serializing_if = "InputKind::is_template")]
    kind: InputKind,
}

/// What kind of value a per-account input takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A value substituted into `{name}` of a URL template: checked against its pattern and the
    /// template rules (never `/`, `@`, `?`, `#`, `%`, ...).
    #[default]
    Template,
    /// A whole URL (MCP's server URL), never substituted into a template: an absolute `https`
    /// URL (`http` only on a loopback host), without user information or fragment — the rules of
    /// an endpoint. The integration fetches it, for discovery.
    Url,
}

impl InputKind {
    fn is_template(&self) -> bool {
        *self == InputKind::Template
    }
}

/// The (loose) pattern reported for a URL input, for a form field; the real check is the endpoint
/// rules (see [`InputKind::Url`]).
pub const URL_INPUT_PATTERN: &str = r"https?://\S+";

impl Input {
    /// A template input named `name` whose values must match `pattern`.
    pub(crate) fn template(name: String, pattern: String) -> Input {
        Input {
            name,
            pattern,
            kind: InputKind::Template,
        }
    }

    /// A URL input named `name` (see [`InputKind::Url`]).
    pub fn url(name: impl Into<String>) -> Input {
        Input {
            name: name.into(),
            pattern: URL_INPUT_PATTERN.to_owned(),
            kind: InputKind::Url,
        }
    }

    /// The input's name, as used in `{name}` or [`StartOptions::input`](crate::linking::StartOptions::input).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The regular expression a value must match as a whole ([`URL_INPUT_PATTERN`] for a URL
    /// input).
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// What kind of value it takes.
    pub fn kind(&self) -> InputKind {
        self.kind
    }

    /// Checks a value of a URL input: the endpoint rules (absolute `https`, `http` only on a
    /// loopback host, no user information, no fragment). Returns it parsed.
    pub fn check_url(value: &str) -> Result<Url, EndpointError> {
        endpoint::validate(value)
    }
}
