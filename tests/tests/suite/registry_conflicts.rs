//! What one macro call cannot see is caught by the registry: a domain registered twice, a server
//! and an implementation for one domain, placeholders for nothing. The conflicting registries are
//! built with `Registry::builder()`, which runs the checks of discovery and records each builder
//! call's `file:line`; a real conflict between two crates' macros is made with the `check`
//! fixture crate.

use std::convert::Infallible;

use appcreds::prelude::*;
use appcreds::{Problem, Registry, RegistryBuilder, SourceLocation};
use appcreds_check_fixture as _;

/// A server function for the builder.
async fn example(_ctx: Context) -> Result<AuthorizationServer, Infallible> {
    Ok(AuthorizationServer::new(
        "https://example.com/authorize",
        "https://example.com/token",
    ))
}

/// An implementation function for the builder; the registry refuses its domain before any call.
async fn never_called(
    _ctx: Context,
    _auth_domain: String,
    _credential: ClientCredential,
) -> Result<Box<dyn OAuth2Implementation>, Infallible> {
    unreachable!("the registry refuses this domain")
}

async fn no_placeholders(_ctx: Context) -> Result<Placeholders, Infallible> {
    Ok(Placeholders::new())
}

/// The location of a builder call made on the line after this call's.
#[track_caller]
fn next_line() -> SourceLocation {
    let caller = std::panic::Location::caller();
    SourceLocation {
        file: caller.file(),
        line: caller.line() + 1,
    }
}

fn problems(builder: RegistryBuilder) -> Vec<Problem> {
    builder.build().problems().to_vec()
}

#[test]
fn a_domain_registered_twice_names_both_locations() {
    let first = next_line();
    let builder = Registry::builder().authorization_server("twice", example);
    let second = next_line();
    let builder = builder.authorization_server("twice", example);
    let problems = problems(builder);
    let [problem] = problems.as_slice() else {
        panic!("{problems:?}")
    };
    assert_eq!(problem.code(), "duplicate_domain");
    let message = problem.to_string();
    assert!(
        message.starts_with("domain `twice` has 2 #[authorization_server] functions"),
        "{message}"
    );
    for location in [first, second] {
        assert!(message.contains(&location.to_string()), "{message}");
    }
    assert_eq!(problem.locations(), [first, second]);
}

#[test]
fn server_and_implementation_on_one_domain_names_both_locations() {
    let server = next_line();
    let builder = Registry::builder().authorization_server("both", example);
    let implementation = next_line();
    let builder = builder.auth_implementation("both", never_called);
    let problems = problems(builder);
    assert_eq!(problems[0].code(), "server_and_implementation");
    let message = problems[0].to_string();
    assert!(message.contains("keep exactly one"), "{message}");
    assert!(
        message.contains(&format!("#[authorization_server] ({server})")),
        "{message}"
    );
    assert!(
        message.contains(&format!("#[auth_implementation] ({implementation})")),
        "{message}"
    );
}

#[test]
fn placeholders_without_a_server_are_reported() {
    let location = next_line();
    let builder = Registry::builder().description_placeholders("orphan", no_placeholders);
    let problems = problems(builder);
    assert_eq!(problems[0].code(), "placeholders_without_server");
    assert!(problems[0].to_string().contains(&location.to_string()));
}

#[test]
fn every_problem_is_reported_at_once_and_valid_domains_are_kept() {
    let registry = Registry::builder()
        .authorization_server("twice", example)
        .authorization_server("twice", example)
        .authorization_server("both", example)
        .auth_implementation("both", never_called)
        .description_placeholders("orphan", no_placeholders)
        .authorization_server("fine", example)
        .build();
    assert_eq!(registry.domains().collect::<Vec<_>>(), ["fine"]);
    let error = registry.strict().unwrap_err();
    assert_eq!(error.problems.len(), 3, "{error}");
    assert!(!error.to_string().contains("`fine`"), "{error}");
}

/// A domain the `check` fixture crate registers too: a conflict between two crates' macros.
#[authorization_server(domain = "bad_scope")]
fn bad_scope_here() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://here.example.com/authorize",
        "https://here.example.com/token",
    )
}

#[test]
fn a_domain_of_two_crates_names_both_crates_and_a_fix() {
    let registry = Registry::builder()
        .discovered_in("appcreds_check_fixture")
        .discovered_in(module_path!().split("::").next().unwrap())
        .build();
    let problem = registry
        .problems()
        .iter()
        .find(|p| p.code() == "duplicate_domain" && p.domain() == "bad_scope")
        .expect("the two crates' `bad_scope` conflict");
    let message = problem.to_string();
    assert!(
        message.contains(
            "crate `appcreds_check_fixture` (tests/fixtures/check-fixture/src/bad_scope.rs:"
        ),
        "{message}"
    );
    assert!(
        message.contains(&format!("crate `suite` ({}:", file!())),
        "{message}"
    );
    assert!(
        message.ends_with("give yours another name with `domain = \"...\"`, or leave one of the crates out of the program"),
        "{message}"
    );
    // Each crate alone has no such conflict.
    let fixture = Registry::builder()
        .discovered_in("appcreds_check_fixture")
        .build();
    assert!(fixture.get("bad_scope").is_some());
}
