//! The rules one macro call cannot apply, over every registration of a program, one function
//! each (serde_derive's `check.rs` style). A domain with a problem is left out of the registry
//! and its problems are kept: one broken integration never hides the others.

use std::collections::BTreeMap;

use appcreds_rules::strings::{self, Strings};
use appcreds_rules::{domain, placeholder};

use super::Problem;
use super::integration::{Integration, MainCall};
use super::registration::{Call, Entry};

/// The valid integrations by domain, and every problem of the others.
pub(super) fn integrations(
    entries: Vec<Entry>,
) -> (BTreeMap<&'static str, Integration>, Vec<Problem>) {
    let mut by_domain: BTreeMap<&'static str, Vec<Entry>> = BTreeMap::new();
    for entry in entries {
        by_domain.entry(entry.domain).or_default().push(entry);
    }
    let mut problems = Vec::new();
    let mut integrations = BTreeMap::new();
    for (domain, mut entries) in by_domain {
        entries.sort_by_key(|e| e.location);
        if let Some(integration) = integration(domain, &entries, &mut problems) {
            integrations.insert(domain, integration);
        }
    }
    (integrations, problems)
}

/// The registrations of one domain, by attribute.
struct Registrations<'a> {
    servers: Vec<&'a Entry>,
    implementations: Vec<&'a Entry>,
    placeholders: Vec<&'a Entry>,
}

/// Builds one domain's integration from its registrations, recording every problem.
fn integration(
    domain: &'static str,
    entries: &[Entry],
    problems: &mut Vec<Problem>,
) -> Option<Integration> {
    if !check_domain(domain, entries, problems) {
        return None;
    }
    let of = |want: fn(&Call) -> bool| entries.iter().filter(|e| want(&e.call)).collect();
    let registrations = Registrations {
        servers: of(|c| matches!(c, Call::Server(_))),
        implementations: of(|c| matches!(c, Call::Implementation(_))),
        placeholders: of(|c| matches!(c, Call::Placeholders(_))),
    };
    let before = problems.len();
    check_one_per_attribute(domain, &registrations, problems);
    check_server_or_implementation(domain, &registrations, problems);
    let main = check_has_server(domain, &registrations, problems)?;
    let strings = check_strings(domain, main, problems);
    check_description_provided(domain, main, &strings, &registrations, problems);
    if problems.len() > before {
        return None;
    }
    let main_call = match &main.call {
        Call::Server(call) => MainCall::Server(call.clone()),
        Call::Implementation(call) => MainCall::Implementation(call.clone()),
        Call::Placeholders(_) => return None,
    };
    let placeholders = registrations
        .placeholders
        .first()
        .and_then(|e| match &e.call {
            Call::Placeholders(call) => Some((call.clone(), e.location)),
            _ => None,
        });
    Some(Integration {
        domain,
        url_input: match main_call {
            // Only an implementation takes a URL input (a server declares template inputs).
            MainCall::Implementation(_) => main.url_input,
            MainCall::Server(_) => None,
        },
        category: main.category,
        main: main_call,
        location: main.location,
        placeholders,
        strings,
        crate_name: main.crate_name,
        embedded_strings: main.strings.clone(),
        files: main.files,
    })
}

/// The domain is `[a-z][a-z0-9_]*`, at most 64 bytes.
fn check_domain(domain: &'static str, entries: &[Entry], problems: &mut Vec<Problem>) -> bool {
    match domain::validate(domain) {
        Ok(()) => true,
        Err(error) => {
            problems.push(Problem::InvalidDomain {
                domain,
                location: entries[0].location,
                reason: error.to_string(),
            });
            false
        }
    }
}

/// Each attribute registers at most one function per domain.
fn check_one_per_attribute(
    domain: &'static str,
    registrations: &Registrations<'_>,
    problems: &mut Vec<Problem>,
) {
    for group in [
        &registrations.servers,
        &registrations.implementations,
        &registrations.placeholders,
    ] {
        if group.len() > 1 {
            problems.push(Problem::DuplicateDomain {
                domain,
                attribute: group[0].call.attribute(),
                locations: group.iter().map(|e| e.location).collect(),
                crates: group.iter().map(|e| e.crate_name).collect(),
            });
        }
    }
}

/// A domain has a server or an implementation, not both.
fn check_server_or_implementation(
    domain: &'static str,
    registrations: &Registrations<'_>,
    problems: &mut Vec<Problem>,
) {
    if let (Some(server), Some(implementation)) = (
        registrations.servers.first(),
        registrations.implementations.first(),
    ) {
        problems.push(Problem::ServerAndImplementation {
            domain,
            server: server.location,
            implementation: implementation.location,
        });
    }
}

/// Placeholders belong to a domain that has a server or an implementation; returns it.
fn check_has_server<'a>(
    domain: &'static str,
    registrations: &Registrations<'a>,
    problems: &mut Vec<Problem>,
) -> Option<&'a Entry> {
    let main = registrations
        .servers
        .first()
        .or(registrations.implementations.first())
        .copied();
    if main.is_none() {
        problems.push(Problem::PlaceholdersWithoutServer {
            domain,
            location: registrations.placeholders[0].location,
        });
    }
    main
}

/// The embedded `strings.json` follows the rules of `appcreds_rules::strings`.
fn check_strings(domain: &'static str, main: &Entry, problems: &mut Vec<Problem>) -> Strings {
    match main.strings.as_deref().map(strings::parse) {
        None => Strings::default(),
        Some(Ok(strings)) => strings,
        Some(Err(errors)) => {
            problems.extend(errors.into_iter().map(|error| Problem::InvalidStrings {
                domain,
                location: main.location,
                reason: error.to_string(),
            }));
            Strings::default()
        }
    }
}

/// A description that uses placeholders (other than the runtime's `{redirect_url}`) has a
/// `#[description_placeholders]` function to provide them.
fn check_description_provided(
    domain: &'static str,
    main: &Entry,
    strings: &Strings,
    registrations: &Registrations<'_>,
    problems: &mut Vec<Problem>,
) {
    let unprovided: Vec<String> = strings
        .placeholder_uses()
        .into_iter()
        .map(|u| u.name)
        .filter(|name| name != placeholder::REDIRECT_URL)
        .collect();
    if registrations.placeholders.is_empty() && !unprovided.is_empty() {
        problems.push(Problem::DescriptionWithoutPlaceholders {
            domain,
            location: main.location,
            names: unprovided,
        });
    }
}
