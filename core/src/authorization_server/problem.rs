//! [`ServerError`] and [`ServerProblem`]: what is wrong with an [`AuthorizationServer`].
//!
//! [`AuthorizationServer`]: crate::AuthorizationServer

use appcreds_rules::endpoint::EndpointError;
use appcreds_rules::options::{ClientError, NameError, ParamError, ResponsePathError, ScopeError};
use appcreds_rules::template::{InputError, InputMismatch, PatternError, TemplateError};
use thiserror::Error;

/// Everything wrong with an [`AuthorizationServer`](crate::AuthorizationServer).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid authorization server: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct ServerError {
    /// The problems, in the order checked.
    pub problems: Vec<ServerProblem>,
}

/// One problem of an [`AuthorizationServer`](crate::AuthorizationServer). The rules themselves
/// live in `appcreds-rules`, shared with the macros; most variants wrap that crate's error.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ServerProblem {
    /// An endpoint is not an acceptable URL.
    #[error("`{field}`: {error}")]
    Endpoint {
        /// `authorize_url`, `token_url` or `issuer`.
        field: &'static str,
        /// Why.
        error: EndpointError,
    },
    /// An extra parameter is reserved by the flow or given twice.
    #[error("{0}")]
    Param(ParamError),
    /// The scopes cannot be joined with the separator.
    #[error("{0}")]
    Scope(ScopeError),
    /// The client-authentication options contradict each other.
    #[error("{0}")]
    Client(ClientError),
    /// A URL template is malformed or puts an input in the host.
    #[error("`{field}`: {error}")]
    Template {
        /// `authorize_url` or `token_url`.
        field: &'static str,
        /// Why.
        error: TemplateError,
    },
    /// The inputs declared and the `{names}` the URLs use disagree.
    #[error("{0}")]
    Input(InputMismatch),
    /// An input's pattern is not a regular expression.
    #[error("input `{name}`: {error}")]
    Pattern {
        /// The input.
        name: String,
        /// Why.
        error: PatternError,
    },
    /// The token-response path is malformed.
    #[error("{0}")]
    ResponsePath(ResponsePathError),
    /// Both `token_response_path` and `token_response_fallback_path` are declared.
    #[error("{}", appcreds_rules::options::BOTH_TOKEN_PATHS)]
    BothTokenPaths,
    /// A renamed parameter or an account value names something the flow already uses, or is
    /// malformed or repeated.
    #[error("{0}")]
    Name(NameError),
    /// The server has inputs and was validated before
    /// [`AuthorizationServer::resolve`](crate::AuthorizationServer::resolve).
    #[error(
        "the URLs are templates filled from the inputs {names:?}; call `.resolve(values)` first"
    )]
    Unresolved {
        /// The inputs.
        names: Vec<String>,
    },
    /// An input value was refused by
    /// [`AuthorizationServer::resolve`](crate::AuthorizationServer::resolve).
    #[error("{0}")]
    InputValue(InputError),
}

impl ServerProblem {
    /// A stable machine code for the rule, such as `reserved_param`.
    pub fn code(&self) -> &'static str {
        match self {
            ServerProblem::Endpoint { .. } => "invalid_endpoint",
            ServerProblem::Param(ParamError::Reserved { .. }) => "reserved_param",
            ServerProblem::Param(ParamError::Duplicate { .. }) => "duplicate_param",
            ServerProblem::Scope(ScopeError::EmptySeparator) => "empty_scope_separator",
            ServerProblem::Scope(ScopeError::Empty | ScopeError::ContainsSeparator { .. }) => {
                "bad_scope"
            }
            ServerProblem::Client(ClientError::PublicWithSecret { .. }) => {
                "public_client_with_secret"
            }
            ServerProblem::Client(ClientError::PublicWithoutPkce) => "public_client_without_pkce",
            ServerProblem::Template { .. } => "url_template",
            ServerProblem::Input(InputMismatch::Undeclared { .. }) => "undeclared_input",
            ServerProblem::Input(InputMismatch::Unused { .. }) => "unused_input",
            ServerProblem::Input(InputMismatch::Duplicate { .. }) => "duplicate_input",
            ServerProblem::Input(InputMismatch::BadName { .. }) => "invalid_input_name",
            ServerProblem::Pattern { .. } => "invalid_input_pattern",
            ServerProblem::ResponsePath(_) => "invalid_token_response_path",
            ServerProblem::BothTokenPaths => "conflicting_token_response_paths",
            ServerProblem::Name(NameError::Malformed { .. }) => "invalid_name",
            ServerProblem::Name(NameError::Taken { .. }) => "reserved_name",
            ServerProblem::Name(NameError::Duplicate { .. }) => "duplicate_name",
            ServerProblem::Unresolved { .. } => "unresolved_inputs",
            ServerProblem::InputValue(_) => "invalid_input_value",
        }
    }
}
