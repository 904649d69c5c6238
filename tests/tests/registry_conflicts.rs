//! What one macro call cannot see is caught by `Registry::discover`: this test binary registers a
//! domain twice and a domain with both a server and an implementation, with the real macros.

use appcreds::prelude::*;
use appcreds::{Problem, Registry};

mod first {
    use appcreds::prelude::*;

    #[authorization_server(domain = "twice")]
    fn first_twice() -> AuthorizationServer {
        AuthorizationServer::new(
            "https://one.example.com/authorize",
            "https://one.example.com/token",
        )
    }
}

mod second {
    use appcreds::prelude::*;

    #[authorization_server(domain = "twice")]
    async fn second_twice() -> AuthorizationServer {
        AuthorizationServer::new(
            "https://two.example.com/authorize",
            "https://two.example.com/token",
        )
    }
}

#[authorization_server(domain = "both")]
fn both_server() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://both.example.com/authorize",
        "https://both.example.com/token",
    )
}

#[auth_implementation(domain = "both")]
fn both_implementation(
    _ctx: &Context,
    _auth_domain: &str,
    _credential: ClientCredential,
) -> Box<dyn OAuth2Implementation> {
    panic!("never called: the registry refuses this domain")
}

#[description_placeholders(domain = "orphan")]
fn orphan_placeholders() -> Placeholders {
    Placeholders::new()
}

#[authorization_server(domain = "fine")]
fn fine() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://fine.example.com/authorize",
        "https://fine.example.com/token",
    )
}

/// `tests/tests/registry_conflicts.rs:<line of fn name>`.
fn location_of(function: &str) -> String {
    let source = include_str!("registry_conflicts.rs");
    let needle = format!("fn {function}(");
    let line = source
        .lines()
        .position(|l| l.contains(&needle))
        .expect("function in this file")
        + 1;
    format!("{}:{line}", file!())
}

fn problems() -> Vec<Problem> {
    Registry::discover().problems().to_vec()
}

#[test]
fn a_domain_registered_twice_names_both_locations() {
    let problem = problems()
        .into_iter()
        .find(|p| p.code() == "duplicate_domain")
        .expect("duplicate_domain");
    let message = problem.to_string();
    assert!(
        message.starts_with("domain `twice` has 2 #[authorization_server] functions"),
        "{message}"
    );
    for function in ["first_twice", "second_twice"] {
        assert!(
            message.contains(&location_of(function)),
            "{message} lacks {function}"
        );
    }
    assert_eq!(problem.locations().len(), 2);
}

#[test]
fn server_and_implementation_on_one_domain_names_both_locations() {
    let problem = problems()
        .into_iter()
        .find(|p| p.code() == "server_and_implementation")
        .expect("server_and_implementation");
    let message = problem.to_string();
    assert!(message.contains("keep exactly one"), "{message}");
    assert!(
        message.contains(&format!(
            "#[authorization_server] ({})",
            location_of("both_server")
        )),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "#[auth_implementation] ({})",
            location_of("both_implementation")
        )),
        "{message}"
    );
}

#[test]
fn placeholders_without_a_server_are_reported() {
    let problem = problems()
        .into_iter()
        .find(|p| p.code() == "placeholders_without_server")
        .expect("placeholders_without_server");
    assert!(
        problem
            .to_string()
            .contains(&location_of("orphan_placeholders")),
        "{problem}"
    );
}

#[test]
fn every_problem_is_reported_at_once_and_valid_domains_are_not_blamed() {
    let error = Registry::discover().strict().unwrap_err();
    assert_eq!(error.problems.len(), 3, "{error}");
    assert!(!error.to_string().contains("`fine`"), "{error}");
}
