//! The real integrations: linked by naming the crate, each with the endpoints of the Home
//! Assistant integration it ports, or the endpoints and options of the provider it ports from the
//! list beyond Home Assistant. The facts are copies of the reference data kept in
//! `tests/data/ha_integrations.json` and `tests/data/more_providers.json`, so a typo in a module
//! fails the tests.

use std::collections::{BTreeMap, BTreeSet};

use appcreds::{ClientAuth, Context, InputKind};
use appcreds_integrations as _;
use serde_json::Value;

fn reference() -> Value {
    let text = include_str!("../../data/ha_integrations.json");
    serde_json::from_str(text).expect("tests/data/ha_integrations.json is JSON")
}

#[tokio::test]
async fn each_integration_matches_the_reference() {
    let registry = appcreds_tests::registries::integrations();
    let ctx = Context::default();
    let reference = reference();
    let left_out: Vec<&str> = reference["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    let mut checked = 0;
    for facts in reference["integrations"].as_array().unwrap() {
        let domain = facts["domain"].as_str().unwrap();
        if left_out.contains(&domain) {
            assert!(
                registry.get(domain).is_none(),
                "{domain} is documented as left out"
            );
            continue;
        }
        let integration = registry
            .get(domain)
            .unwrap_or_else(|| panic!("{domain} is not registered"));
        if facts["authorize_url"].is_null() {
            // No fixed endpoints: a custom implementation discovering its server from a URL input.
            assert!(
                integration
                    .authorization_server(&ctx)
                    .await
                    .unwrap()
                    .is_none(),
                "{domain} declares fixed endpoints"
            );
            let inputs = integration.inputs(&ctx).await.unwrap();
            let urls: Vec<(&str, InputKind)> =
                inputs.iter().map(|i| (i.name(), i.kind())).collect();
            assert_eq!(
                urls,
                [(facts["discovered_from"].as_str().unwrap(), InputKind::Url)],
                "{domain}"
            );
            assert!(
                integration
                    .placeholders(&ctx)
                    .await
                    .unwrap()
                    .get("redirect_url")
                    .is_some()
            );
            checked += 1;
            continue;
        }
        let server = integration
            .authorization_server(&ctx)
            .await
            .unwrap()
            .unwrap();
        let inputs: BTreeMap<String, String> = facts
            .get("inputs")
            .map(|i| serde_json::from_value(i.clone()).unwrap())
            .unwrap_or_default();
        // The reference gives Nest's endpoints as templates, others filled with sample inputs.
        let endpoints = match inputs.is_empty() {
            true => (
                server.authorize_url().to_owned(),
                server.token_url().to_owned(),
            ),
            false => {
                let resolved = server
                    .resolve(inputs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .unwrap_or_else(|error| panic!("{domain}: {error}"));
                (
                    resolved.authorize_url().to_string(),
                    resolved.token_url().to_string(),
                )
            }
        };
        assert_eq!(
            (endpoints.0.as_str(), endpoints.1.as_str()),
            (
                facts["authorize_url"].as_str().unwrap(),
                facts["token_url"].as_str().unwrap()
            ),
            "{domain}"
        );
        assert!(
            server.problems().is_empty(),
            "{domain}: {:?}",
            server.problems()
        );
        // Placeholder keys are not compared with the reference's `placeholder_keys`: descriptions
        // are appcreds' own (Home Assistant's pointed at home-assistant.io and named it), so each
        // module provides the keys of its own description, which the macros and `appcreds check`
        // compare. Only the runtime's redirect URI is common to both.
        let placeholders = integration.placeholders(&ctx).await.unwrap();
        assert_eq!(
            placeholders.get("redirect_url"),
            Some("http://127.0.0.1:8123/auth/external/callback")
        );
        checked += 1;
    }
    assert!(checked >= 48, "only {checked} integrations");
}

/// The domain's server as declared.
async fn declared(domain: &str) -> appcreds::AuthorizationServer {
    let registry = appcreds_tests::registries::integrations();
    let integration = registry.get(domain).unwrap();
    integration
        .authorization_server(&Context::default())
        .await
        .unwrap()
        .unwrap()
}

/// The domain's server, validated (resolved with a sample value of Nest's input).
async fn server(domain: &str) -> appcreds::ValidServer {
    declared(domain)
        .await
        .resolve([("project_id", "sample-project")])
        .unwrap()
}

fn pairs(params: &[(String, String)]) -> Vec<String> {
    params.iter().map(|(k, v)| format!("{k}={v}")).collect()
}

#[tokio::test]
async fn quirks_are_declared_not_coded() {
    for domain in ["fitbit", "electric_kiwi", "lyric", "smartthings"] {
        assert_eq!(
            server(domain).await.client_auth(),
            ClientAuth::ClientSecretBasic,
            "{domain}"
        );
    }
    for domain in ["overkiz", "tesla_fleet", "teslemetry", "vicare"] {
        let server = server(domain).await;
        assert!(server.public_client(), "{domain}");
        assert_eq!(server.client_auth(), ClientAuth::None, "{domain}");
        assert!(server.pkce(), "{domain}");
    }
    assert!(
        server("spotify")
            .await
            .scope_param()
            .unwrap()
            .contains("user-read-private,playlist-read-private")
    );
    for domain in [
        "google",
        "google_assistant_sdk",
        "google_drive",
        "google_health",
        "google_mail",
        "google_photos",
        "google_sheets",
        "google_tasks",
        "nest",
        "youtube",
    ] {
        assert_eq!(
            pairs(server(domain).await.authorize_params()),
            ["access_type=offline", "prompt=consent"],
            "{domain}"
        );
    }
    assert_eq!(
        pairs(server("dropbox").await.authorize_params()),
        ["token_access_type=offline"]
    );
    assert_eq!(
        pairs(server("lyric").await.authorize_params()),
        ["appSelect=1"]
    );
    let withings = server("withings").await;
    assert_eq!(pairs(withings.token_params()), ["action=requesttoken"]);
    assert_eq!(withings.token_response_path(), Some("body"));
    assert_eq!(
        withings.scope_param().as_deref(),
        Some("user.info,user.metrics,user.activity,user.sleepevents")
    );
    let overkiz = server("overkiz").await;
    assert_eq!(
        overkiz.token_url().as_str(),
        "https://consumerlogin.rexelservices.fr/670998c0-f737-4d75-a32f-ba9292755b70/oauth2/v2.0/token?p=b2c_1a_signinonlyhomeassistant"
    );
    assert!(server("geocaching").await.redirect_uri_on_refresh());
    let teslemetry = server("teslemetry").await;
    assert_eq!(pairs(teslemetry.authorize_params()), ["name=127.0.0.1"]);
    assert_eq!(pairs(teslemetry.token_params()), ["name=127.0.0.1"]);
}

#[tokio::test]
async fn template_inputs_cannot_change_the_host() {
    let registry = appcreds_tests::registries::integrations();
    let inputs = registry
        .get("nest")
        .unwrap()
        .inputs(&Context::default())
        .await
        .unwrap();
    assert_eq!(inputs[0].name(), "project_id");
    let nest = declared("nest").await;
    let linked = nest.resolve([("project_id", "my-sdm-project")]).unwrap();
    assert_eq!(
        linked.authorize_url().as_str(),
        "https://nestservices.google.com/partnerconnections/my-sdm-project/auth"
    );
    for evil in [
        "evil.example/x",
        "x@evil.example",
        "..",
        "a?b=c",
        "a#b",
        "%2e%2e",
        "a b",
    ] {
        assert!(nest.resolve([("project_id", evil)]).is_err(), "{evil:?}");
    }
    // A host label (Zendesk's `{subdomain}.zendesk.com`) picks a tenant of the fixed domain only.
    let zendesk = declared("zendesk").await;
    let acme = zendesk.resolve([("subdomain", "acme")]).unwrap();
    assert_eq!(acme.authorize_url().host_str(), Some("acme.zendesk.com"));
    for evil in ["evil.com", "evil.com:443", "a_b", "-acme", "acme.evil", ""] {
        assert!(zendesk.resolve([("subdomain", evil)]).is_err(), "{evil:?}");
    }
    let business = declared("onedrive_for_business").await;
    let valid = business
        .resolve([("tenant_id", "contoso.onmicrosoft.com")])
        .unwrap();
    assert_eq!(
        valid.token_url().host_str(),
        Some("login.microsoftonline.com")
    );
    assert_eq!(
        valid.token_url().path(),
        "/contoso.onmicrosoft.com/oauth2/v2.0/token"
    );
    assert!(business.resolve([("tenant_id", "evil.com/")]).is_err());
    assert!(
        business.resolve([]).is_err(),
        "a declared input is required"
    );
}

#[test]
fn titles_and_descriptions_come_from_strings_json() {
    let registry = appcreds_tests::registries::integrations();
    let title = |d: &str| registry.get(d).unwrap().title().to_owned();
    assert_eq!(title("google"), "Google Calendar");
    assert_eq!(title("lyric"), "Honeywell Lyric");
    // Every integration has a title of its own (iotty's is spelled like its domain).
    for integration in registry.iter().filter(|i| i.domain() != "iotty") {
        assert_ne!(integration.title(), integration.domain());
    }
    assert!(
        registry
            .get("home_connect")
            .unwrap()
            .description()
            .unwrap()
            .contains("`{redirect_url}`")
    );
    let lyric = registry.get("lyric").unwrap().description().unwrap();
    assert!(
        !lyric.contains("\\n"),
        "the reference's literal \\n typo is fixed"
    );
}

/// The domains of `tests/data/more_providers.json` that the integrations crate ports. Every other
/// domain of that file is in its `left_out`, with what it needs that `AuthorizationServer` cannot
/// declare yet.
const PORTED: &[&str] = &[
    "airtable",
    "asana",
    "atlassian",
    "auth0",
    "bitbucket",
    "box",
    "calendly",
    "canva",
    "clickup",
    "coros",
    "digitalocean",
    "discord",
    "docusign",
    "egnyte",
    "etsy",
    "facebook",
    "figma",
    "garmin",
    "github",
    "gitlab",
    "hubspot",
    "jira",
    "linear",
    "linkedin",
    "mailchimp",
    "microsoft",
    "microsoft_tenant",
    "miro",
    "monday",
    "notion",
    "okta",
    "oura",
    "patreon",
    "paypal",
    "pinterest",
    "pipedrive",
    "quickbooks",
    "reddit",
    "salesforce_experience_cloud",
    "shopify",
    "slack",
    "square",
    "strava",
    "stripe",
    "tiktok",
    "todoist",
    "typeform",
    "vimeo",
    "webex",
    "whoop",
    "wordpress",
    "x",
    "xero",
    "zendesk",
    "zoom",
];

fn more_providers() -> Value {
    let text = include_str!("../../data/more_providers.json");
    serde_json::from_str(text).expect("tests/data/more_providers.json is JSON")
}

/// The providers of `more_providers.json`, by domain.
fn providers_by_domain(reference: &Value) -> BTreeMap<String, Value> {
    reference["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["domain"].as_str().unwrap().to_owned(), p.clone()))
        .collect()
}

/// A parameter map of the reference as `name=value` pairs, without the one parameter every flow
/// sends itself (`response_type=code`, `grant_type=...`): a port declares only the rest. JSON
/// booleans and numbers (Square's `session: false`) are sent as their text.
fn extra_params(params: Option<&Value>, sent_by_the_flow: (&str, &str)) -> Vec<String> {
    let Some(params) = params else {
        return Vec::new();
    };
    params
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            (name.as_str(), value)
        })
        .filter(|(name, value)| (*name, value.as_str()) != sent_by_the_flow)
        .map(|(name, value)| format!("{name}={value}"))
        .collect()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|i| i.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn each_ported_provider_matches_the_reference() {
    let registry = appcreds_tests::registries::integrations();
    let ctx = Context::default();
    let providers = providers_by_domain(&more_providers());
    for &domain in PORTED {
        let facts = providers
            .get(domain)
            .unwrap_or_else(|| panic!("{domain} is not a domain of more_providers.json"));
        let integration = registry
            .get(domain)
            .unwrap_or_else(|| panic!("{domain} is not registered"));
        let server = integration
            .authorization_server(&ctx)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{domain} declares no server"));
        // What no declaration can express yet: such a provider would not be in PORTED.
        for field in ["authorize_url_fallback", "token_url_fallback"] {
            assert!(facts.get(field).is_none(), "{domain} has a {field}");
        }
        assert_eq!(
            (server.authorize_url(), server.token_url()),
            (
                facts["authorize_url"].as_str().unwrap(),
                facts["token_url"].as_str().unwrap()
            ),
            "{domain}"
        );
        assert!(
            server.problems().is_empty(),
            "{domain}: {:?}",
            server.problems()
        );
        let inputs: Vec<&str> = server.inputs().iter().map(|i| i.name()).collect();
        assert_eq!(inputs, strings(facts.get("url_inputs")), "{domain}: inputs");
        // Resolving validates (a server without inputs resolves like it validates).
        let server = server
            .resolve(inputs.iter().map(|name| (*name, "example")))
            .unwrap_or_else(|error| panic!("{domain}: {error}"));
        if let Some(input) = inputs.first() {
            let template = url::Url::parse(
                &facts["token_url"]
                    .as_str()
                    .unwrap()
                    .replace(&format!("{{{input}}}"), "example"),
            )
            .unwrap();
            assert_eq!(
                server.token_url().host_str(),
                template.host_str(),
                "{domain}"
            );
        }
        assert_eq!(
            server.scope_separator(),
            facts["scope_separator"].as_str().unwrap(),
            "{domain}: scope separator"
        );
        assert_eq!(
            server.client_auth().as_str(),
            facts["client_auth"].as_str().unwrap(),
            "{domain}: client authentication"
        );
        assert!(!server.public_client(), "{domain}");
        let pkce = match facts["pkce"].as_str().unwrap() {
            // Sent by the source, required by the provider, or Grant's opt-in: appcreds' default.
            "supported" | "required" | "unknown" => true,
            "unsupported" => false,
            other => panic!("{domain}: unknown pkce fact {other}"),
        };
        assert_eq!(server.pkce(), pkce, "{domain}: PKCE");
        assert_eq!(
            pairs(server.authorize_params()),
            extra_params(facts.get("authorize_params"), ("response_type", "code")),
            "{domain}: authorize parameters"
        );
        let token = extra_params(
            facts.get("token_params"),
            ("grant_type", "authorization_code"),
        );
        assert_eq!(
            pairs(server.token_params()),
            token,
            "{domain}: token parameters"
        );
        // Token parameters go with every token request, refreshes included: a port is faithful
        // only when the reference's refresh requests carry the same ones.
        if facts.get("refresh_params").is_some() {
            assert_eq!(
                extra_params(facts.get("refresh_params"), ("grant_type", "refresh_token")),
                token,
                "{domain}: refresh parameters"
            );
        }
        assert_eq!(
            server.scopes(),
            strings(facts.get("default_scopes")),
            "{domain}: scopes"
        );
        assert_eq!(server.token_response_path(), None, "{domain}");
        assert_new_options(domain, facts, &server);
        assert!(!server.redirect_uri_on_refresh(), "{domain}");

        let placeholders = integration.placeholders(&ctx).await.unwrap();
        assert!(
            placeholders.get("developer_console_url").is_some(),
            "{domain} links its developer console"
        );
        assert_eq!(
            placeholders.get("redirect_url"),
            Some("http://127.0.0.1:8123/auth/external/callback")
        );
        let description = integration.description().unwrap();
        for needed in ["appcreds", "{redirect_url}", "{developer_console_url}"] {
            assert!(description.contains(needed), "{domain}: {needed}");
        }
        assert!(!description.contains("Home Assistant"), "{domain}");
    }
}

/// The facts the options beyond Home Assistant's declare: a separate refresh endpoint, the
/// token-request body, a renamed client id, a fallback token path, the callback values (exactly)
/// and the token values (among the fields the reference says the response carries).
fn assert_new_options(domain: &str, facts: &Value, server: &appcreds::ValidServer) {
    assert_eq!(
        server.refresh_url().map(url::Url::as_str),
        facts.get("refresh_url").and_then(Value::as_str),
        "{domain}: refresh endpoint"
    );
    assert_eq!(
        server.token_body().as_str(),
        facts["token_body_format"].as_str().unwrap_or("form"),
        "{domain}: token-request body"
    );
    let renames = facts
        .get("authorize_param_renames")
        .and_then(Value::as_object);
    let renamed = |name: &str| {
        renames
            .and_then(|r| r.get(name))
            .map(|to| to.as_str().unwrap())
    };
    for from in renames.into_iter().flat_map(|r| r.keys()) {
        assert!(
            ["client_id", "response_type"].contains(&from.as_str()),
            "{domain}: {from} cannot be renamed"
        );
    }
    assert_eq!(
        server.client_id_param(),
        renamed("client_id").unwrap_or("client_id"),
        "{domain}"
    );
    // Renamed to "" is dropped: only `response_type` can be.
    assert_eq!(
        server.send_response_type(),
        renamed("response_type") != Some(""),
        "{domain}: response_type"
    );
    assert_eq!(
        server.token_response_fallback_path(),
        facts.get("access_token_path").and_then(Value::as_str),
        "{domain}: fallback token path"
    );
    assert_eq!(
        server.callback_values(),
        strings(facts.get("callback_query_fields")),
        "{domain}: callback values"
    );
    let carried = strings(facts.get("token_response_fields"));
    for value in server.token_values() {
        assert!(carried.contains(value), "{domain}: token value {value}");
    }
}

#[tokio::test]
async fn every_integration_has_a_known_category() {
    let registry = appcreds_tests::registries::integrations();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for integration in registry.iter() {
        let domain = integration.domain();
        let category = integration
            .category()
            .unwrap_or_else(|| panic!("{domain} declares no category"));
        assert!(
            appcreds_rules::category::validate(category).is_ok(),
            "{domain}: {category}"
        );
        *counts.entry(category).or_default() += 1;
        let described = integration.describe(&Context::default()).await.unwrap();
        assert_eq!(described.category, Some(category), "{domain}");
    }
    assert!(counts.len() >= 10, "{counts:?}");
}

#[test]
fn every_provider_is_ported_or_left_out_with_a_reason() {
    let registry = appcreds_tests::registries::integrations();
    let reference = more_providers();
    let domains: BTreeSet<String> = providers_by_domain(&reference).into_keys().collect();
    let left_out = reference["left_out"].as_object().unwrap();
    for &domain in PORTED {
        assert!(domains.contains(domain), "{domain} is not in the reference");
        assert!(!left_out.contains_key(domain), "{domain} is ported");
    }
    for (domain, needs) in left_out {
        assert!(domains.contains(domain), "{domain} is not in the reference");
        assert!(!needs.as_str().unwrap().is_empty(), "{domain}: say why");
        assert!(
            registry.get(domain).is_none(),
            "{domain} is registered but documented as left out"
        );
    }
    assert_eq!(
        PORTED.len() + left_out.len(),
        domains.len(),
        "a provider neither ported nor left out"
    );
    assert!(PORTED.len() >= 40, "only {} ported", PORTED.len());
}

#[test]
fn every_integration_has_reference_facts() {
    let registry = appcreds_tests::registries::integrations();
    let ha = reference();
    let left_out: Vec<&str> = ha["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    let mut expected: BTreeSet<&str> = ha["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|facts| facts["domain"].as_str().unwrap())
        .filter(|domain| !left_out.contains(domain))
        .collect();
    for &domain in PORTED {
        assert!(expected.insert(domain), "{domain} is in both references");
    }
    let registered: BTreeSet<&str> = registry.domains().collect();
    assert_eq!(
        registered, expected,
        "an integration without reference facts"
    );
}
