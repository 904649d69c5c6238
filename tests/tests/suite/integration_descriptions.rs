//! The credential-dialog instructions of the real integrations are written for appcreds: each names
//! appcreds, links a page of the provider through a placeholder, gives the redirect URI as
//! `{redirect_url}`, has 3 to 6 numbered steps, names every scope its server requests (or says it
//! requests none), and says so when the client is public (no secret). A module whose scopes change
//! without its description fails here.

use appcreds::{Context, Integration, Registry};
use appcreds_integrations as _;

/// The placeholders through which a description links the provider: its developer console, its
/// OAuth docs, where to ask for a client, or (with no developer page at all) its website.
const PROVIDER_LINKS: [&str; 4] = [
    "developer_console_url",
    "docs_url",
    "request_access_url",
    "contact_url",
];

fn registry() -> Registry {
    appcreds_tests::registries::integrations()
}

fn description(integration: &Integration) -> &str {
    integration
        .description()
        .unwrap_or_else(|| panic!("{} has no description", integration.domain()))
}

/// How `scope` is written in a description: in backticks, and for a URL-shaped scope (Google's,
/// Azure AD B2C's) as `.../last/segments`, since a strings.json text may hold no raw URL.
fn names_scope(description: &str, scope: &str) -> bool {
    match scope.split_once("://") {
        None => description.contains(&format!("`{scope}`")),
        Some((_, rest)) => {
            let last = rest.rsplit('/').next().unwrap_or(rest);
            description.contains("`.../") && description.contains(&format!("/{last}`"))
        }
    }
}

#[test]
fn every_integration_has_instructions_written_for_appcreds() {
    let registry = registry();
    assert!(registry.len() >= 50);
    for integration in registry.iter() {
        let domain = integration.domain();
        let text = description(integration);
        assert!(text.contains("appcreds"), "{domain}: names appcreds");
        assert!(
            text.contains("`{redirect_url}`"),
            "{domain}: gives the redirect URI"
        );
        assert!(
            PROVIDER_LINKS
                .iter()
                .any(|key| text.contains(&format!("]({{{key}}})"))),
            "{domain}: links a provider page through one of {PROVIDER_LINKS:?}"
        );
        let steps = text.matches("\n1. ").count();
        assert!(
            (3..=6).contains(&steps),
            "{domain}: {steps} numbered steps, want 3 to 6"
        );
    }
}

#[tokio::test]
async fn scopes_and_public_clients_are_described_as_declared() {
    let registry = registry();
    let ctx = Context::default();
    let mut servers = 0;
    for integration in registry.iter() {
        let domain = integration.domain();
        let text = description(integration);
        let Some(server) = integration.authorization_server(&ctx).await.unwrap() else {
            // A custom implementation (MCP) requests what its discovered server offers.
            assert!(text.contains("no scopes"), "{domain}");
            continue;
        };
        servers += 1;
        // Every declared input gets a sample value: only the options matter here.
        let server = server
            .resolve(server.inputs().iter().map(|i| (i.name(), "example")))
            .unwrap_or_else(|error| panic!("{domain}: {error}"));
        let scopes = server.scopes();
        if scopes.is_empty() {
            // Either the integration needs none, or the provider sets an app's scopes in its
            // console and the user picks them there.
            const SAYS_SO: [&str; 7] = [
                "requests no other",
                "no scope",
                "no particular scope",
                "requests none",
                "no OAuth scopes",
                "has no scopes",
                "your service needs",
            ];
            assert!(
                SAYS_SO.iter().any(|phrase| text.contains(phrase)),
                "{domain}: says it requests no scopes, or where the app's scopes are chosen"
            );
        }
        for scope in scopes {
            assert!(
                names_scope(text, scope),
                "{domain}: names the scope {scope}"
            );
        }
        assert_eq!(
            text.contains("no client secret is needed"),
            server.public_client(),
            "{domain}: a public client, and only a public client, needs no secret"
        );
    }
    assert!(servers >= 49);
}

/// (That no description or link names Home Assistant is a compile error and an `appcreds check`
/// rule, which `cli/tests/suite/check_command.rs` runs on these integrations.)
#[tokio::test]
async fn every_placeholder_is_a_link() {
    let registry = registry();
    let ctx = Context::default();
    for integration in registry.iter() {
        let domain = integration.domain();
        let placeholders = integration.placeholders(&ctx).await.unwrap();
        for (key, value) in placeholders.iter() {
            assert!(
                value.starts_with("https://") || value.starts_with("http://"),
                "{domain}: `{key}` = {value} is a link"
            );
        }
    }
}
