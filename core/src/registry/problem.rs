//! [`Problem`] and [`RegistryError`]: what is wrong with a set of registrations, each problem with
//! every source location involved.

use thiserror::Error;

use super::SourceLocation;

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
    #[error("{}", duplicate_message(domain, attribute, locations, crates))]
    DuplicateDomain {
        /// The domain.
        domain: &'static str,
        /// The attribute used more than once.
        attribute: &'static str,
        /// Every registration.
        locations: Vec<SourceLocation>,
        /// The crate of each registration, in the same order (`None` when unknown: a
        /// registration made by hand or with [`Registry::builder`](super::Registry::builder)).
        crates: Vec<Option<&'static str>>,
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
    /// The domain concerned.
    pub fn domain(&self) -> &'static str {
        match self {
            Problem::DuplicateDomain { domain, .. }
            | Problem::ServerAndImplementation { domain, .. }
            | Problem::PlaceholdersWithoutServer { domain, .. }
            | Problem::InvalidDomain { domain, .. }
            | Problem::InvalidStrings { domain, .. }
            | Problem::DescriptionWithoutPlaceholders { domain, .. } => domain,
        }
    }

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

/// Within one crate: keep one function. Across crates: name both, and what their author can do
/// (an author cannot rename the other crate's domain).
fn duplicate_message(
    domain: &str,
    attribute: &str,
    locations: &[SourceLocation],
    crates: &[Option<&'static str>],
) -> String {
    let mut named: Vec<&str> = crates.iter().flatten().copied().collect();
    named.sort_unstable();
    named.dedup();
    if named.len() < 2 {
        return format!(
            "domain `{domain}` has {} {attribute} functions ({}); keep one, or give the others their own `domain = \"...\"`",
            locations.len(),
            join(locations)
        );
    }
    let sites: Vec<String> = locations
        .iter()
        .zip(crates)
        .map(|(location, krate)| match krate {
            Some(krate) => format!("crate `{krate}` ({location})"),
            None => location.to_string(),
        })
        .collect();
    format!(
        "domain `{domain}` is declared by {attribute} in {}; a program links one integration per domain: give yours another name with `domain = \"...\"`, or leave one of the crates out of the program",
        sites.join(" and ")
    )
}

fn join(locations: &[SourceLocation]) -> String {
    locations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
