//! `appcreds check`: validates the linked registry the way Home Assistant's hassfest validates
//! integrations, and reports each problem at a `file:line`, as text, JSON or GitHub workflow
//! annotations. One function per rule; any binary that links its integrations can run [`run`].
//!
//! Rules: every [`Registry`] problem (duplicate domains, server and implementation together,
//! placeholders without a server, invalid domains, invalid `strings.json`, a description whose
//! placeholders nothing provides); every `#[authorization_server]` called with a default
//! [`Context`] and its declaration checked ([`AuthorizationServer::problems`]: endpoints, URL
//! templates and their inputs, extra parameters, client authentication, scopes, token-response
//! path); every integration has credential-dialog instructions (a `strings.json` description);
//! every `#[description_placeholders]` called, its keys compared with the description and its
//! values free of Home Assistant links; the `strings.json` files on disk compared with what the
//! build embedded (stale or misnamed sidecars); and, where the catalogue is, the generated
//! catalogue files compared with what the registry generates now. A check of nothing fails:
//! `nothing_linked` when no integration is linked, `not_linked` when a domain or crate named
//! with [`Selection`] is missing.

mod catalogue;
mod in_test;
mod report;
mod sidecar;

use appcreds_rules::{placeholder, strings};
use std::path::Path;

pub use catalogue::{Generated, find_dir as find_catalogue_dir};
pub use report::{CheckProblem, Format, Report};

use crate::registry::{Integration, Problem, Registry, SourceLocation};
use crate::{AuthorizationServer, Context};

/// Which of the linked integrations to check: `--domains a,b` and `--crate NAME`. Each one named
/// must be there.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these domains.
    pub domains: Vec<String>,
    /// Only the integrations of this crate (`my-integrations` or `my_integrations`).
    pub crate_name: Option<String>,
}

impl Selection {
    /// The registry narrowed to the selection, and a `not_linked` problem for each domain or
    /// crate named but missing.
    pub fn apply(&self, registry: Registry) -> (Registry, Vec<CheckProblem>) {
        let mut problems = Vec::new();
        let mut registry = registry;
        if let Some(name) = &self.crate_name {
            let name = name.replace('-', "_");
            registry = Registry::builder().discovered_in(&name).build();
            if registry.is_empty() && registry.problems().is_empty() {
                problems.push(CheckProblem::of_program(
                    "not_linked",
                    None,
                    format!(
                        "crate `{name}` registers no integration in this program; link it into the binary with `use {name} as _;`, or fix the name"
                    ),
                ));
            }
        }
        if !self.domains.is_empty() {
            let domains: Vec<&str> = self.domains.iter().map(String::as_str).collect();
            registry = registry.only(&domains);
            let present = domains_of(&registry);
            for missing in domains.iter().filter(|d| !present.iter().any(|p| p == *d)) {
                problems.push(CheckProblem::of_program(
                    "not_linked",
                    Some(missing),
                    format!(
                        "domain `{missing}` is not linked into this program{}; link the crate that declares it (`use its_crate as _;`), or fix the name",
                        self.crate_name.as_ref().map(|c| format!(" (in crate `{c}`)")).unwrap_or_default()
                    ),
                ));
            }
        }
        (registry, problems)
    }
}

/// The domains of the integrations and of the unavailable ones, sorted and deduplicated.
fn domains_of(registry: &Registry) -> Vec<String> {
    let mut domains: Vec<String> = registry
        .domains()
        .chain(registry.problems().iter().map(Problem::domain))
        .map(str::to_owned)
        .collect();
    domains.sort();
    domains.dedup();
    domains
}

/// The catalogue rule alone: `catalogue.json` and `INTEGRATIONS.md` in `generated.dir` equal
/// what `registry` generates (or, with `write`, are rewritten).
pub async fn compare_catalogue(
    registry: &Registry,
    ctx: &Context,
    generated: &Generated,
) -> Vec<CheckProblem> {
    catalogue::rule(registry, ctx, generated).await
}

/// Not public API: what `appcreds::check_integrations!()` runs.
#[doc(hidden)]
pub fn check_crate_in_test(module_path: &str) {
    in_test::run(module_path);
}

/// Runs every rule on the registry linked into this program.
pub async fn run(ctx: &Context, generated: Option<&Generated>) -> Report {
    let registry = Registry::discover();
    check(&registry, registry.problems(), ctx, generated).await
}

/// Runs every rule on `registry`, whose discovery reported `registry_problems`.
pub async fn check(
    registry: &Registry,
    registry_problems: &[Problem],
    ctx: &Context,
    generated: Option<&Generated>,
) -> Report {
    let domains = domains_of(registry);
    let mut problems: Vec<CheckProblem> = registry_problems.iter().map(registry_rule).collect();
    if domains.is_empty() {
        problems.push(CheckProblem::of_program(
            "nothing_linked",
            None,
            "no integration is linked into this program, so nothing was checked; name each crate of integrations in the binary (`use my_integrations as _;` in `main.rs`): otherwise the linker drops its registrations".to_owned(),
        ));
    }
    for integration in registry.iter() {
        problems.extend(server_rule(integration, ctx).await);
        problems.extend(description_rule(integration));
        problems.extend(placeholders_rule(integration, ctx).await);
        problems.extend(sidecar::rule(integration));
    }
    if let Some(generated) = generated {
        problems.extend(catalogue::rule(registry, ctx, generated).await);
    }
    Report { domains, problems }
}

fn at(
    code: &'static str,
    domain: Option<&str>,
    location: SourceLocation,
    message: String,
) -> CheckProblem {
    CheckProblem::at(code, domain, location, message)
}

/// Rule: every problem of registry discovery, at its first location.
fn registry_rule(problem: &Problem) -> CheckProblem {
    let location = problem.locations()[0];
    let domain = match problem {
        Problem::DuplicateDomain { domain, .. }
        | Problem::ServerAndImplementation { domain, .. }
        | Problem::PlaceholdersWithoutServer { domain, .. }
        | Problem::InvalidDomain { domain, .. }
        | Problem::InvalidStrings { domain, .. }
        | Problem::DescriptionWithoutPlaceholders { domain, .. } => *domain,
    };
    at(problem.code(), Some(domain), location, problem.to_string())
}

/// Rule: the `#[authorization_server]` function runs, and its declaration has no problem.
async fn server_rule(integration: &Integration, ctx: &Context) -> Vec<CheckProblem> {
    let domain = Some(integration.domain());
    let location = integration.location();
    match integration.authorization_server(ctx).await {
        Err(error) => vec![at("server_failed", domain, location, error.to_string())],
        Ok(None) => Vec::new(),
        Ok(Some(server)) => declaration_problems(&server)
            .into_iter()
            .map(|(code, message)| {
                at(
                    code,
                    domain,
                    location,
                    format!("domain `{}`: {message}", integration.domain()),
                )
            })
            .collect(),
    }
}

fn declaration_problems(server: &AuthorizationServer) -> Vec<(&'static str, String)> {
    server
        .problems()
        .iter()
        .map(|p| (p.code(), p.to_string()))
        .collect()
}

/// Rule: the integration tells the user how to get a client: its `strings.json` has a non-empty
/// `application_credentials.description`. (What the description may say is checked where it is
/// parsed, by the macros and the registry.)
fn description_rule(integration: &Integration) -> Option<CheckProblem> {
    let described = integration
        .description()
        .is_some_and(|d| !d.trim().is_empty());
    (!described).then(|| {
        let domain = integration.domain();
        let location = integration.location();
        let sidecar = strings::sidecar_name(Path::new(location.file))
            .unwrap_or_else(|| "strings.json".to_owned());
        at(
            "missing_description",
            Some(domain),
            location,
            format!(
                "domain `{domain}` has no credential-dialog instructions; add `application_credentials.description` to `{sidecar}` beside its source file, in numbered steps: where to create the OAuth client (the developer console, linked through a placeholder), which app type, the redirect URI `{{redirect_url}}` and the scopes"
            ),
        )
    })
}

/// Rule: the `#[description_placeholders]` function runs, its keys are exactly the
/// description's `{placeholders}` (`{redirect_url}` is the runtime's), and no value links to
/// Home Assistant (a ported `more_info_url` would send the user to another product's docs).
async fn placeholders_rule(integration: &Integration, ctx: &Context) -> Vec<CheckProblem> {
    let domain = integration.domain();
    let location = integration
        .placeholders_location()
        .unwrap_or(integration.location());
    let provided = match integration.placeholders(ctx).await {
        Ok(provided) => provided,
        Err(error) => {
            return vec![at(
                "placeholders_failed",
                Some(domain),
                location,
                error.to_string(),
            )];
        }
    };
    let mut problems: Vec<CheckProblem> = provided
        .iter()
        .filter_map(|(key, value)| {
            let found = strings::names_home_assistant(value)?;
            Some(at(
                "placeholder_names_home_assistant",
                Some(domain),
                location,
                format!(
                    "domain `{domain}`: the placeholder `{key}` names Home Assistant (`{found}` in its value); point it at the provider's own page"
                ),
            ))
        })
        .collect();
    let uses = integration
        .description()
        .map(|d| placeholder::scan(d).0)
        .unwrap_or_default();
    // The runtime's `redirect_url` is always there; compare what the integration provides.
    let own: Vec<&str> = provided
        .keys()
        .filter(|k| *k != placeholder::REDIRECT_URL)
        .collect();
    problems.extend(
        placeholder::compare(&uses, own)
            .into_iter()
            .map(|mismatch| {
                let code = match mismatch {
                    placeholder::Mismatch::Missing { .. } => "placeholder_missing",
                    placeholder::Mismatch::Unused { .. } => "placeholder_unused",
                };
                at(
                    code,
                    Some(domain),
                    location,
                    format!("domain `{domain}`: {mismatch}"),
                )
            }),
    );
    problems
}
