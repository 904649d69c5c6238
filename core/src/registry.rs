//! What the attribute macros register, and [`Registry`]: discovery and the checks one macro call
//! cannot make (a domain registered twice, a server and an implementation for one domain, ...).

use std::collections::BTreeMap;
use std::fmt;

use appcreds_rules::strings::{self, Strings};
use appcreds_rules::{domain, placeholder};
use thiserror::Error;

use crate::__private::{BoxFuture, BoxedImplementation, Result as CallResult};
use crate::{
    AuthorizationServer, ClientCredential, Context, OAuth2Implementation, Placeholders,
    TemplateInput,
};

type ServerFn = for<'a> fn(&'a Context) -> BoxFuture<'a, CallResult<AuthorizationServer>>;
type ImplementationFn = for<'a> fn(
    &'a Context,
    &'a str,
    ClientCredential,
) -> BoxFuture<'a, CallResult<BoxedImplementation>>;
type PlaceholdersFn = for<'a> fn(&'a Context) -> BoxFuture<'a, CallResult<Placeholders>>;

/// Not public API. What one annotated function registers.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum Item {
    /// `#[authorization_server]`
    AuthorizationServer(ServerFn),
    /// `#[auth_implementation]`
    AuthImplementation(ImplementationFn),
    /// `#[description_placeholders]`
    DescriptionPlaceholders(PlaceholdersFn),
}

impl Item {
    fn attribute(&self) -> &'static str {
        match self {
            Item::AuthorizationServer(_) => "#[authorization_server]",
            Item::AuthImplementation(_) => "#[auth_implementation]",
            Item::DescriptionPlaceholders(_) => "#[description_placeholders]",
        }
    }
}

/// Not public API. One registration, submitted by the attribute macros through `inventory`.
#[doc(hidden)]
pub struct Registration {
    domain: &'static str,
    item: Item,
    location: SourceLocation,
    strings: Option<&'static str>,
    url_input: Option<&'static str>,
}

impl Registration {
    /// Not public API.
    pub const fn new(
        domain: &'static str,
        item: Item,
        file: &'static str,
        line: u32,
        strings: Option<&'static str>,
    ) -> Self {
        Registration {
            domain,
            item,
            location: SourceLocation { file, line },
            strings,
            url_input: None,
        }
    }

    /// Not public API. The per-account URL input an `#[auth_implementation]` declares with
    /// `url_input = "name"`.
    pub const fn with_url_input(mut self, name: &'static str) -> Self {
        self.url_input = Some(name);
        self
    }
}

inventory::collect!(Registration);

/// Where an annotated function is: `file:line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct SourceLocation {
    /// The source file, as the compiler names it (relative to the workspace).
    pub file: &'static str,
    /// The line of the function's name.
    pub line: u32,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// How a domain's OAuth implementation is obtained.
#[derive(Clone, Copy)]
pub enum ServerSource {
    /// From an `#[authorization_server]` function: the runtime builds the implementation.
    AuthorizationServer {
        /// The function.
        call: ServerFn,
        /// Where it is.
        location: SourceLocation,
    },
    /// From an `#[auth_implementation]` function: the integration builds it.
    AuthImplementation {
        /// The function.
        call: ImplementationFn,
        /// Where it is.
        location: SourceLocation,
    },
}

impl fmt::Debug for ServerSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerSource::AuthorizationServer { location, .. } => {
                write!(f, "AuthorizationServer({location})")
            }
            ServerSource::AuthImplementation { location, .. } => {
                write!(f, "AuthImplementation({location})")
            }
        }
    }
}

/// One discovered integration.
#[derive(Debug, Clone)]
pub struct Integration {
    domain: &'static str,
    server: ServerSource,
    placeholders: Option<(PlaceholdersFn, SourceLocation)>,
    strings: Strings,
    url_input: Option<&'static str>,
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
        self.server
    }

    /// Where the `#[authorization_server]` or `#[auth_implementation]` function is.
    pub fn location(&self) -> SourceLocation {
        match self.server {
            ServerSource::AuthorizationServer { location, .. }
            | ServerSource::AuthImplementation { location, .. } => location,
        }
    }

    /// Where the `#[description_placeholders]` function is, if there is one.
    pub fn placeholders_location(&self) -> Option<SourceLocation> {
        self.placeholders.map(|(_, location)| location)
    }

    /// Calls the `#[authorization_server]` function; `None` for an integration with an
    /// `#[auth_implementation]`.
    pub async fn authorization_server(
        &self,
        ctx: &Context,
    ) -> Result<Option<AuthorizationServer>, CallError> {
        match self.server {
            ServerSource::AuthorizationServer { call, location } => call(ctx)
                .await
                .map(Some)
                .map_err(|source| self.call_error("#[authorization_server]", location, source)),
            ServerSource::AuthImplementation { .. } => Ok(None),
        }
    }

    /// The per-account inputs a flow must be started with ([`StartOptions::input`]), with the
    /// pattern each value must match: the inputs of the declared server's URL templates (Nest's
    /// `project_id`), or the URL input an `#[auth_implementation]` declares with
    /// `url_input = "name"` (MCP's `server_url`, of kind [`InputKind::Url`]).
    ///
    /// [`StartOptions::input`]: crate::linking::StartOptions::input
    /// [`InputKind::Url`]: crate::InputKind::Url
    pub async fn inputs(&self, ctx: &Context) -> Result<Vec<TemplateInput>, CallError> {
        match self.url_input {
            Some(name) => Ok(vec![TemplateInput::url(name)]),
            None => Ok(self
                .authorization_server(ctx)
                .await?
                .map(|server| server.inputs().to_vec())
                .unwrap_or_default()),
        }
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
        match self.server {
            ServerSource::AuthImplementation { call, location } => {
                call(ctx, auth_domain, credential)
                    .await
                    .map(Some)
                    .map_err(|source| self.call_error("#[auth_implementation]", location, source))
            }
            ServerSource::AuthorizationServer { .. } => Ok(None),
        }
    }

    /// The description's placeholder values: the `#[description_placeholders]` function's, plus
    /// `redirect_url`, always set to the context's exact redirect URI.
    pub async fn placeholders(&self, ctx: &Context) -> Result<Placeholders, CallError> {
        let mut placeholders = match self.placeholders {
            Some((call, location)) => call(ctx).await.map_err(|source| {
                self.call_error("#[description_placeholders]", location, source)
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

/// Every integration linked into the program, sorted by domain.
///
/// ```
/// let registry = appcreds::Registry::discover().expect("a valid registry");
/// for integration in registry.iter() {
///     println!("{} ({})", integration.title(), integration.location());
/// }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Registry {
    integrations: BTreeMap<&'static str, Integration>,
}

impl Registry {
    /// Collects every registration of the attribute macros in this program and checks them together.
    pub fn discover() -> Result<Registry, RegistryError> {
        Registry::from_registrations(inventory::iter::<Registration>)
    }

    /// Like [`Registry::discover`], but keeps going: the integrations without problems, and every
    /// problem of the others. What `appcreds check` uses, so one broken domain hides no other.
    pub fn discover_all() -> (Registry, Vec<Problem>) {
        Registry::from_registrations_all(inventory::iter::<Registration>)
    }

    pub(crate) fn from_registrations<'a>(
        registrations: impl IntoIterator<Item = &'a Registration>,
    ) -> Result<Registry, RegistryError> {
        let (registry, problems) = Registry::from_registrations_all(registrations);
        if problems.is_empty() {
            Ok(registry)
        } else {
            Err(RegistryError { problems })
        }
    }

    pub(crate) fn from_registrations_all<'a>(
        registrations: impl IntoIterator<Item = &'a Registration>,
    ) -> (Registry, Vec<Problem>) {
        let mut by_domain: BTreeMap<&'static str, Vec<&Registration>> = BTreeMap::new();
        for registration in registrations {
            by_domain
                .entry(registration.domain)
                .or_default()
                .push(registration);
        }
        let mut problems = Vec::new();
        let mut integrations = BTreeMap::new();
        for (domain, mut registrations) in by_domain {
            registrations.sort_by_key(|r| r.location);
            if let Some(integration) = integration(domain, &registrations, &mut problems) {
                integrations.insert(domain, integration);
            }
        }
        (Registry { integrations }, problems)
    }

    /// This registry without `domain`: what a program shows when a built-in integration (such as
    /// the binary's `demo`) is switched off.
    pub fn without(mut self, domain: &str) -> Registry {
        self.integrations.remove(domain);
        self
    }

    /// The integration of `domain`.
    pub fn get(&self, domain: &str) -> Option<&Integration> {
        self.integrations.get(domain)
    }

    /// The integrations, sorted by domain.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Integration> {
        self.integrations.values()
    }

    /// The domains, sorted.
    pub fn domains(&self) -> impl ExactSizeIterator<Item = &'static str> + '_ {
        self.integrations.keys().copied()
    }

    /// How many integrations there are.
    pub fn len(&self) -> usize {
        self.integrations.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.integrations.is_empty()
    }
}

/// Builds one domain's integration from its registrations, recording every problem.
fn integration(
    domain: &'static str,
    registrations: &[&Registration],
    problems: &mut Vec<Problem>,
) -> Option<Integration> {
    if let Err(error) = domain::validate(domain) {
        problems.push(Problem::InvalidDomain {
            domain,
            location: registrations[0].location,
            reason: error.to_string(),
        });
        return None;
    }
    let of = |want: fn(&Item) -> bool| {
        registrations
            .iter()
            .filter(move |r| want(&r.item))
            .copied()
            .collect::<Vec<_>>()
    };
    let servers = of(|i| matches!(i, Item::AuthorizationServer(_)));
    let implementations = of(|i| matches!(i, Item::AuthImplementation(_)));
    let placeholders = of(|i| matches!(i, Item::DescriptionPlaceholders(_)));
    let before = problems.len();
    for group in [&servers, &implementations, &placeholders] {
        if group.len() > 1 {
            problems.push(Problem::DuplicateDomain {
                domain,
                attribute: group[0].item.attribute(),
                locations: group.iter().map(|r| r.location).collect(),
            });
        }
    }
    if let (Some(server), Some(implementation)) = (servers.first(), implementations.first()) {
        problems.push(Problem::ServerAndImplementation {
            domain,
            server: server.location,
            implementation: implementation.location,
        });
    }
    let Some(main) = servers.first().or(implementations.first()) else {
        problems.push(Problem::PlaceholdersWithoutServer {
            domain,
            location: placeholders[0].location,
        });
        return None;
    };
    let strings = match main.strings.map(strings::parse) {
        None => Strings::default(),
        Some(Ok(strings)) => strings,
        Some(Err(errors)) => {
            for error in errors {
                problems.push(Problem::InvalidStrings {
                    domain,
                    location: main.location,
                    reason: error.to_string(),
                });
            }
            Strings::default()
        }
    };
    let unprovided: Vec<String> = strings
        .placeholder_uses()
        .into_iter()
        .map(|u| u.name)
        .filter(|name| name != placeholder::REDIRECT_URL)
        .collect();
    if placeholders.is_empty() && !unprovided.is_empty() {
        problems.push(Problem::DescriptionWithoutPlaceholders {
            domain,
            location: main.location,
            names: unprovided,
        });
    }
    if problems.len() > before {
        return None;
    }
    let server = match main.item {
        Item::AuthorizationServer(call) => ServerSource::AuthorizationServer {
            call,
            location: main.location,
        },
        Item::AuthImplementation(call) => ServerSource::AuthImplementation {
            call,
            location: main.location,
        },
        Item::DescriptionPlaceholders(_) => return None,
    };
    let placeholders = placeholders.first().and_then(|r| match r.item {
        Item::DescriptionPlaceholders(call) => Some((call, r.location)),
        _ => None,
    });
    Some(Integration {
        domain,
        server,
        placeholders,
        strings,
        // Only an implementation takes a URL input (a server declares template inputs).
        url_input: main
            .url_input
            .filter(|_| matches!(main.item, Item::AuthImplementation(_))),
    })
}

/// Everything wrong with the linked registrations.
#[derive(Debug, Clone, Error)]
#[error("the integration registry is invalid:\n{}", problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
pub struct RegistryError {
    /// Every problem, by domain.
    pub problems: Vec<Problem>,
}

/// One problem of the registry, naming every source location involved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    /// A domain is registered more than once by the same attribute.
    #[error("domain `{domain}` has {} {attribute} functions ({}); keep one, or give the others their own `domain = \"...\"`", locations.len(), join(locations))]
    DuplicateDomain {
        /// The domain.
        domain: &'static str,
        /// The attribute used more than once.
        attribute: &'static str,
        /// Every registration.
        locations: Vec<SourceLocation>,
    },
    /// A domain has both an `#[authorization_server]` and an `#[auth_implementation]`.
    #[error(
        "domain `{domain}` has both #[authorization_server] ({server}) and #[auth_implementation] ({implementation}); keep exactly one"
    )]
    ServerAndImplementation {
        /// The domain.
        domain: &'static str,
        /// The `#[authorization_server]`.
        server: SourceLocation,
        /// The `#[auth_implementation]`.
        implementation: SourceLocation,
    },
    /// `#[description_placeholders]` for a domain with neither a server nor an implementation.
    #[error(
        "domain `{domain}` has #[description_placeholders] ({location}) but no #[authorization_server] or #[auth_implementation]; add one or fix the domain name"
    )]
    PlaceholdersWithoutServer {
        /// The domain.
        domain: &'static str,
        /// The `#[description_placeholders]`.
        location: SourceLocation,
    },
    /// The domain is not `[a-z][a-z0-9_]*`.
    #[error("domain `{domain}` ({location}): {reason}")]
    InvalidDomain {
        /// The domain.
        domain: &'static str,
        /// The registration.
        location: SourceLocation,
        /// Why.
        reason: String,
    },
    /// The embedded `strings.json` is invalid.
    #[error("domain `{domain}` ({location}): {reason}")]
    InvalidStrings {
        /// The domain.
        domain: &'static str,
        /// The registration that embeds it.
        location: SourceLocation,
        /// Why.
        reason: String,
    },
    /// The description uses placeholders but nothing provides them.
    #[error("domain `{domain}` ({location}): the description uses {} but the domain has no #[description_placeholders] function; add one that provides them", names.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(", "))]
    DescriptionWithoutPlaceholders {
        /// The domain.
        domain: &'static str,
        /// The registration that embeds the strings.
        location: SourceLocation,
        /// The placeholder names nothing provides.
        names: Vec<String>,
    },
}

impl Problem {
    /// A stable machine code for the rule, such as `duplicate_domain`.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::DuplicateDomain { .. } => "duplicate_domain",
            Problem::ServerAndImplementation { .. } => "server_and_implementation",
            Problem::PlaceholdersWithoutServer { .. } => "placeholders_without_server",
            Problem::InvalidDomain { .. } => "invalid_domain",
            Problem::InvalidStrings { .. } => "invalid_strings",
            Problem::DescriptionWithoutPlaceholders { .. } => "description_without_placeholders",
        }
    }

    /// Every source location involved, first the one to report at.
    pub fn locations(&self) -> Vec<SourceLocation> {
        match self {
            Problem::DuplicateDomain { locations, .. } => locations.clone(),
            Problem::ServerAndImplementation {
                server,
                implementation,
                ..
            } => vec![*server, *implementation],
            Problem::PlaceholdersWithoutServer { location, .. }
            | Problem::InvalidDomain { location, .. }
            | Problem::InvalidStrings { location, .. }
            | Problem::DescriptionWithoutPlaceholders { location, .. } => vec![*location],
        }
    }
}

fn join(locations: &[SourceLocation]) -> String {
    locations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server<'a>(_: &'a Context) -> BoxFuture<'a, CallResult<AuthorizationServer>> {
        Box::pin(async {
            Ok(AuthorizationServer::new(
                "https://a.example/a",
                "https://a.example/t",
            ))
        })
    }

    fn failing_placeholders<'a>(_: &'a Context) -> BoxFuture<'a, CallResult<Placeholders>> {
        Box::pin(async { Err("no network".into()) })
    }

    fn registration(
        domain: &'static str,
        item: Item,
        line: u32,
        strings: Option<&'static str>,
    ) -> Registration {
        Registration::new(domain, item, "src/x.rs", line, strings)
    }

    #[test]
    fn sorted_and_titled() {
        let regs = [
            registration("zeta", Item::AuthorizationServer(server), 1, None),
            registration(
                "alpha",
                Item::AuthorizationServer(server),
                2,
                Some(r#"{"title": "Alpha"}"#),
            ),
        ];
        let registry = Registry::from_registrations(&regs).unwrap();
        let titles: Vec<_> = registry
            .iter()
            .map(|i| (i.domain(), i.title().to_owned()))
            .collect();
        assert_eq!(
            titles,
            [("alpha", "Alpha".to_owned()), ("zeta", "zeta".to_owned())]
        );
    }

    #[test]
    fn description_placeholders_need_a_provider() {
        let strings =
            r#"{"application_credentials": {"description": "See {console} and {redirect_url}"}}"#;
        let regs = [registration(
            "a",
            Item::AuthorizationServer(server),
            1,
            Some(strings),
        )];
        let problems = Registry::from_registrations(&regs).unwrap_err().problems;
        assert!(
            matches!(&problems[..], [Problem::DescriptionWithoutPlaceholders { names, .. }] if names == &["console"])
        );
    }

    #[test]
    fn placeholders_alone() {
        let regs = [registration(
            "a",
            Item::DescriptionPlaceholders(failing_placeholders),
            7,
            None,
        )];
        let error = Registry::from_registrations(&regs).unwrap_err();
        assert_eq!(error.problems[0].code(), "placeholders_without_server");
        assert!(error.to_string().contains("src/x.rs:7"), "{error}");
    }

    #[tokio::test]
    async fn placeholders_always_carry_the_redirect_url_and_errors_name_the_function() {
        let regs = [registration(
            "a",
            Item::AuthorizationServer(server),
            1,
            None,
        )];
        let registry = Registry::from_registrations(&regs).unwrap();
        let ctx = Context::new("https://home.example.com").unwrap();
        let placeholders = registry.get("a").unwrap().placeholders(&ctx).await.unwrap();
        assert_eq!(
            placeholders.get("redirect_url"),
            Some("https://home.example.com/auth/external/callback")
        );

        let regs = [
            registration("b", Item::AuthorizationServer(server), 1, None),
            registration(
                "b",
                Item::DescriptionPlaceholders(failing_placeholders),
                9,
                None,
            ),
        ];
        let registry = Registry::from_registrations(&regs).unwrap();
        let error = registry
            .get("b")
            .unwrap()
            .placeholders(&ctx)
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "#[description_placeholders] of `b` (src/x.rs:9) failed: no network"
        );
    }
}
