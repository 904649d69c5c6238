//! The real integrations: linked by naming the crate, each with the endpoints and placeholder keys
//! of the Home Assistant integration it ports (facts copied from `shared/reference/ha_integrations.json`).

use appcreds::{ClientAuth, Context, Registry};
use appcreds_integrations as _;

/// (domain, authorize_url, token_url, placeholder keys the integration provides, sorted).
const REFERENCE: &[(&str, &str, &str, &[&str])] = &[
    (
        "fitbit",
        "https://www.fitbit.com/oauth2/authorize",
        "https://api.fitbit.com/oauth2/token",
        &[],
    ),
    (
        "google_tasks",
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
        &["more_info_url", "oauth_consent_url", "oauth_creds_url"],
    ),
    (
        "home_connect",
        "https://api.home-connect.com/security/oauth/authorize",
        "https://api.home-connect.com/security/oauth/token",
        &[
            "applications_url",
            "developer_dashboard_url",
            "register_application_url",
        ],
    ),
    (
        "netatmo",
        "https://api.netatmo.com/oauth2/authorize",
        "https://api.netatmo.com/oauth2/token",
        &[],
    ),
    (
        "spotify",
        "https://accounts.spotify.com/authorize",
        "https://accounts.spotify.com/api/token",
        &[],
    ),
];

#[tokio::test]
async fn each_integration_matches_the_reference() {
    let registry = Registry::discover().unwrap();
    let ctx = Context::default();
    for (domain, authorize_url, token_url, keys) in REFERENCE {
        let integration = registry
            .get(domain)
            .unwrap_or_else(|| panic!("{domain} is not registered"));
        let server = integration
            .authorization_server(&ctx)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (server.authorize_url(), server.token_url()),
            (*authorize_url, *token_url),
            "{domain}"
        );
        server.validate().unwrap();
        let placeholders = integration.placeholders(&ctx).await.unwrap();
        let mut provided: Vec<_> = placeholders
            .keys()
            .filter(|k| *k != "redirect_url")
            .collect();
        provided.sort_unstable();
        assert_eq!(provided, *keys, "{domain}");
        assert_eq!(
            placeholders.get("redirect_url"),
            Some("http://127.0.0.1:8123/auth/external/callback")
        );
    }
}

#[tokio::test]
async fn quirks_are_declared_not_coded() {
    let registry = Registry::discover().unwrap();
    let ctx = Context::default();
    let server = |domain: &'static str| {
        let integration = registry.get(domain).unwrap();
        let ctx = &ctx;
        async move {
            integration
                .authorization_server(ctx)
                .await
                .unwrap()
                .unwrap()
        }
    };
    assert_eq!(
        server("fitbit").await.client_auth_method(),
        ClientAuth::ClientSecretBasic
    );
    assert!(
        server("spotify")
            .await
            .scope_param()
            .unwrap()
            .contains("user-read-private,playlist-read-private")
    );
    let google = server("google_tasks").await;
    let params: Vec<_> = google
        .authorize_params()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(params, ["access_type=offline", "prompt=consent"]);
}

#[test]
fn titles_and_descriptions_come_from_strings_json() {
    let registry = Registry::discover().unwrap();
    let titles: Vec<_> = registry.iter().map(|i| i.title()).collect();
    assert_eq!(
        titles,
        [
            "Fitbit",
            "Google Tasks",
            "Home Connect",
            "Netatmo",
            "Spotify"
        ]
    );
    assert!(
        registry
            .get("home_connect")
            .unwrap()
            .description()
            .unwrap()
            .contains("`{redirect_url}`")
    );
}
