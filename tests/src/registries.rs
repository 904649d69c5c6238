//! The registries tests build: the project's real integrations alone (whatever else the test
//! binary links: the `check` fixture, test integrations), or plain test domains.

use std::convert::Infallible;

use appcreds::{AuthorizationServer, Registry};
use appcreds_integrations as _;

/// The crate of the real integrations, as `module_path!()` names it.
pub const INTEGRATIONS_CRATE: &str = "appcreds_integrations";

/// The registrations of `appcreds-integrations`, checked as a whole.
pub fn integrations() -> Registry {
    Registry::builder()
        .discovered_in(INTEGRATIONS_CRATE)
        .build()
        .strict()
        .expect("the integrations are valid")
}

/// A registry of `domains`, each with a plain server at `https://<domain>.example`: for tests
/// of what a domain needs to exist (credentials, accounts), not of its server.
pub fn plain(domains: &[&'static str]) -> Registry {
    let mut builder = Registry::builder();
    for &domain in domains {
        builder = builder.authorization_server(domain, move |_ctx| async move {
            Ok::<_, Infallible>(AuthorizationServer::new(
                format!("https://{domain}.example/authorize"),
                format!("https://{domain}.example/token"),
            ))
        });
    }
    builder.build().strict().expect("a valid test registry")
}
