//! [`Integration`]: one domain's checked registrations, and how to call them.

use std::fmt;

use appcreds_rules::placeholder;
use appcreds_rules::strings::Strings;
use thiserror::Error;

use super::SourceLocation;
use super::registration::{ImplementationCall, PlaceholdersCall, ServerCall};
use crate::{
    AuthorizationServer, ClientCredential, Context, Input, OAuth2Implementation, Placeholders,
};

/// How a domain's OAuth implementation is obtained, and where that is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerSource {
    /// From an `#[authorization_server]` function: the runtime builds the implementation.
    AuthorizationServer {
        /// Where it is.
        location: SourceLocation,
    },
    /// From an `#[auth_implementation]` function: the integration builds it.
    AuthImplementation {
        /// Where it is.
        location: SourceLocation,
    },
}

/// The function that gives the domain its implementation.
#[derive(Clone)]
pub(crate) enum MainCall {
    Server(ServerCall),
    Implementation(ImplementationCall),
}

/// One discovered integration.
#[derive(Clone)]
pub struct Integration {
    pub(crate) domain: &'static str,
    pub(crate) main: MainCall,
    pub(crate) location: SourceLocation,
    pub(crate) placeholders: Option<(PlaceholdersCall, SourceLocation)>,
    pub(crate) strings: Strings,
    pub(crate) url_input: Option<&'static str>,
    pub(crate) category: Option<&'static str>,
    /// The crate that registered it, when known.
    pub(crate) crate_name: Option<&'static str>,
    /// The embedded `strings.json` text, as compiled in.
    pub(crate) embedded_strings: Option<std::borrow::Cow<'static, str>>,
    /// Where the files were when it was compiled (a macro's registration only).
    pub(crate) files: Option<super::registration::SourceFiles>,
}

impl fmt::Debug for Integration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Integration")
            .field("domain", &self.domain)
            .field("server", &self.server_source())
            .field("placeholders", &self.placeholders_location())
            .field("strings", &self.strings)
            .field("url_input", &self.url_input)
            .field("category", &self.category)
            .finish()
    }
}

/// An integration's function failed.
#[derive(Debug, Error)]
#[error("{attribute} of `{domain}` ({location}) failed: {source}")]
pub struct CallError {
    /// The domain.
    pub domain: &'static str,
    /// Which function: `#[authorization_server]`, ...
    pub attribute: &'static str,
    /// Where it is.
    pub location: SourceLocation,
    /// What it returned.
    #[source]
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl Integration {
    /// The domain, such as `spotify`.
    pub fn domain(&self) -> &'static str {
        self.domain
    }

    /// The crate that registered it (its name as in `module_path!()`), when known: `None` for
    /// an integration added with [`Registry::builder`](super::Registry::builder).
    pub fn crate_name(&self) -> Option<&'static str> {
        self.crate_name
    }

    /// The human name: `strings.json`'s `title`, else the domain.
    pub fn title(&self) -> &str {
        self.strings.title.as_deref().unwrap_or(self.domain)
    }

    /// The credential-dialog description from `strings.json` (Markdown with `{placeholders}`).
    pub fn description(&self) -> Option<&str> {
        self.strings.description.as_deref()
    }

    /// How the implementation is obtained.
    pub fn server_source(&self) -> ServerSource {
        let location = self.location;
        match self.main {
            MainCall::Server(_) => ServerSource::AuthorizationServer { location },
            MainCall::Implementation(_) => ServerSource::AuthImplementation { location },
        }
    }

    /// Where the `#[authorization_server]` or `#[auth_implementation]` function is.
    pub fn location(&self) -> SourceLocation {
        self.location
    }

    /// Where the `#[description_placeholders]` function is, if there is one.
    pub fn placeholders_location(&self) -> Option<SourceLocation> {
        self.placeholders.as_ref().map(|(_, location)| *location)
    }

    /// Calls the `#[authorization_server]` function; `None` for an integration with an
    /// `#[auth_implementation]`.
    pub async fn authorization_server(
        &self,
        ctx: &Context,
    ) -> Result<Option<AuthorizationServer>, CallError> {
        match &self.main {
            MainCall::Server(call) => call(ctx).await.map(Some).map_err(|source| {
                self.call_error("#[authorization_server]", self.location, source)
            }),
            MainCall::Implementation(_) => Ok(None),
        }
    }

    /// The per-account inputs a flow must be started with ([`StartOptions::input`]), with the
    /// pattern each value must match: the inputs of the declared server's URL templates (Nest's
    /// `project_id`), or the URL input an `#[auth_implementation]` declares with
    /// `url_input = "name"` (MCP's `server_url`, of kind [`InputKind::Url`]).
    ///
    /// [`StartOptions::input`]: crate::linking::StartOptions::input
    /// [`InputKind::Url`]: crate::InputKind::Url
    pub async fn inputs(&self, ctx: &Context) -> Result<Vec<Input>, CallError> {
        match self.url_input {
            Some(name) => Ok(vec![Input::url(name)]),
            None => Ok(self
                .authorization_server(ctx)
                .await?
                .map(|server| server.inputs().to_vec())
                .unwrap_or_default()),
        }
    }

    /// The catalogue category the integration declares (`category = ".."`, one of
    /// [`appcreds_rules::category::CATEGORIES`]), if any.
    pub fn category(&self) -> Option<&'static str> {
        self.category
    }

    /// The name of the URL input an `#[auth_implementation]` declares (`url_input = "name"`).
    pub fn url_input(&self) -> Option<&'static str> {
        self.url_input
    }

    /// Calls the `#[auth_implementation]` function; `None` for an integration with an
    /// `#[authorization_server]` (the runtime builds that implementation itself).
    pub async fn custom_implementation(
        &self,
        ctx: &Context,
        auth_domain: &str,
        credential: ClientCredential,
    ) -> Result<Option<Box<dyn OAuth2Implementation>>, CallError> {
        match &self.main {
            MainCall::Implementation(call) => call(ctx, auth_domain, credential)
                .await
                .map(Some)
                .map_err(|source| self.call_error("#[auth_implementation]", self.location, source)),
            MainCall::Server(_) => Ok(None),
        }
    }

    /// The description's placeholder values: the `#[description_placeholders]` function's, plus
    /// `redirect_url`, always set to the context's exact redirect URI.
    pub async fn placeholders(&self, ctx: &Context) -> Result<Placeholders, CallError> {
        let mut placeholders = match &self.placeholders {
            Some((call, location)) => call(ctx).await.map_err(|source| {
                self.call_error("#[description_placeholders]", *location, source)
            })?,
            None => Placeholders::new(),
        };
        placeholders.insert(placeholder::REDIRECT_URL, ctx.redirect_uri().as_str());
        Ok(placeholders)
    }

    fn call_error(
        &self,
        attribute: &'static str,
        location: SourceLocation,
        source: Box<dyn std::error::Error + Send + Sync>,
    ) -> CallError {
        CallError {
            domain: self.domain,
            attribute,
            location,
            source,
        }
    }
}
