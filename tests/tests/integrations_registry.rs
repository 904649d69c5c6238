//! The real integrations: linked by naming the crate, each with the endpoints of the Home
//! Assistant integration it ports. The facts are a copy of the reference data kept in
//! `tests/data/ha_integrations.json`, so a typo in a module fails the build.

use std::collections::BTreeMap;

use appcreds::{ClientAuth, Context, InputKind, Registry};
use appcreds_integrations as _;
use serde_json::Value;

fn reference() -> Value {
    let text = include_str!("../data/ha_integrations.json");
    serde_json::from_str(text).expect("tests/data/ha_integrations.json is JSON")
}

#[tokio::test]
async fn each_integration_matches_the_reference() {
    let registry = Registry::discover().unwrap();
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
        let server = if inputs.is_empty() {
            server
        } else {
            server
                .resolve(inputs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .unwrap()
        };
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
    assert_eq!(
        checked,
        registry.len(),
        "an integration without reference facts"
    );
}

async fn server(domain: &str) -> appcreds::AuthorizationServer {
    let registry = Registry::discover().unwrap();
    let integration = registry.get(domain).unwrap();
    integration
        .authorization_server(&Context::default())
        .await
        .unwrap()
        .unwrap()
}

fn pairs(params: &[(String, String)]) -> Vec<String> {
    params.iter().map(|(k, v)| format!("{k}={v}")).collect()
}

#[tokio::test]
async fn quirks_are_declared_not_coded() {
    for domain in ["fitbit", "electric_kiwi", "lyric", "smartthings"] {
        assert_eq!(
            server(domain).await.client_auth_method(),
            ClientAuth::ClientSecretBasic,
            "{domain}"
        );
    }
    for domain in ["overkiz", "tesla_fleet", "teslemetry", "vicare"] {
        let server = server(domain).await;
        assert!(server.is_public_client(), "{domain}");
        assert_eq!(server.client_auth_method(), ClientAuth::None, "{domain}");
        assert!(server.uses_pkce(), "{domain}");
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
    assert_eq!(withings.response_path(), Some("body"));
    assert_eq!(
        withings.scope_param().as_deref(),
        Some("user.info,user.metrics,user.activity,user.sleepevents")
    );
    let overkiz = server("overkiz").await;
    assert_eq!(
        overkiz.token_url(),
        "https://consumerlogin.rexelservices.fr/670998c0-f737-4d75-a32f-ba9292755b70/oauth2/v2.0/token?p=b2c_1a_signinonlyhomeassistant"
    );
    assert!(overkiz.validate().is_ok());
    assert!(server("geocaching").await.sends_redirect_uri_on_refresh());
    let teslemetry = server("teslemetry").await;
    assert_eq!(pairs(teslemetry.authorize_params()), ["name=127.0.0.1"]);
    assert_eq!(pairs(teslemetry.token_params()), ["name=127.0.0.1"]);
}

#[tokio::test]
async fn template_inputs_cannot_change_the_host() {
    let nest = server("nest").await;
    assert_eq!(nest.inputs()[0].name(), "project_id");
    let linked = nest.resolve([("project_id", "my-sdm-project")]).unwrap();
    assert_eq!(
        linked.authorize_url(),
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
    let business = server("onedrive_for_business").await;
    let linked = business
        .resolve([("tenant_id", "contoso.onmicrosoft.com")])
        .unwrap();
    let valid = linked.validate().unwrap();
    assert_eq!(
        valid.token_url.host_str(),
        Some("login.microsoftonline.com")
    );
    assert_eq!(
        valid.token_url.path(),
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
    let registry = Registry::discover().unwrap();
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
