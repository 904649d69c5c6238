//! Flows, the OAuth callback, linked accounts and the token route over the API of
//! `serve --demo`, each behaviour on its own server; no answer but the token route's carries a
//! token.

use appcreds_tests::demo_user;
use appcreds_tests::server::Server;
use reqwest::header::LOCATION;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Api, error_code};

const FLOWS: &str = "/api/flows";
const DEMO_CREDENTIAL: &str = "demo_appcreds_demo";
const SECOND_SECRET: &str = "second-secret-value";

/// A server with a linked demo account and a second demo credential: the account's id.
async fn with_two_credentials() -> (Api, String) {
    let mut api = Api::serve();
    let account = api.link_demo_account().await;
    let other = json!({"domain": "demo", "client_id": "second-client", "client_secret": SECOND_SECRET, "name": "Second"});
    let (status, _) = api
        .send(Method::POST, "/api/application_credentials", other)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    (api, account)
}

#[tokio::test]
async fn a_flow_without_credential_or_integration_aborts_with_the_reason() {
    let mut api = Api::serve();
    let step = api.start_flow("demo").await;
    assert_eq!(
        (step["type"].as_str(), step["reason"].as_str()),
        (Some("abort"), Some("missing_credentials"))
    );
    let step = api.start_flow("nope").await;
    assert_eq!(step["reason"], "missing_configuration");
    let (status, body) = api
        .send(Method::POST, FLOWS, json!({"domein": "demo"}))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_format")
    );
}

#[tokio::test]
async fn per_account_inputs_are_checked_before_anything_is_stored() {
    let mut api = Api::serve();
    for inputs in [
        json!({}),
        json!({"project_id": "a/b"}),
        json!({"project_id": "p", "other": "x"}),
    ] {
        let start = json!({"domain": "nest", "inputs": inputs});
        let (status, body) = api.send(Method::POST, FLOWS, start).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_input"),
            "{inputs}: {body}"
        );
    }
}

#[tokio::test]
async fn a_flow_at_the_provider_is_authorizing_without_its_authorize_url() {
    let mut api = Api::serve();
    api.add_demo_credential().await;
    let step = api.start_flow("demo").await;
    assert_eq!(step["type"], "external", "{step}");
    let flow_id = step["flow_id"].as_str().unwrap();
    let (_, status) = api.get(&format!("{FLOWS}/{flow_id}")).await;
    // The authorize URL (which holds the state) was handed out once and is not stored.
    assert_eq!(status["type"], "authorizing", "{status}");
    assert!(status.get("authorize_url").is_none(), "{status}");
}

#[tokio::test]
async fn the_callback_redirects_to_a_clean_result_page_with_strict_headers() {
    let mut api = Api::serve();
    api.add_demo_credential().await;
    let step = api.start_flow("demo").await;
    let flow_id = step["flow_id"].as_str().unwrap();
    let callback = demo_user::authorize(step["authorize_url"].as_str().unwrap(), true)
        .await
        .unwrap();
    assert!(
        callback.starts_with(&api.server.url("/auth/external/callback?code=")),
        "{callback}"
    );
    // The browser comes back: no authentication, a 303 to a URL without code or state.
    let response = Server::client().get(&callback).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/auth/external/result/{flow_id}"));
    let result = Server::client()
        .get(api.server.url(&location))
        .send()
        .await
        .unwrap();
    assert_eq!(result.status(), StatusCode::OK);
    assert_eq!(result.headers()["referrer-policy"], "no-referrer");
    let csp = result.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let html = result.text().await.unwrap();
    assert!(
        html.contains("is linked") && !html.contains("https://"),
        "{html}"
    );
    api.saw(html);
    api.assert_nothing_leaked(&[]);
}

#[tokio::test]
async fn a_replayed_or_stateless_callback_fails_clearly() {
    let mut api = Api::serve();
    api.add_demo_credential().await;
    let step = api.start_flow("demo").await;
    let callback = demo_user::authorize(step["authorize_url"].as_str().unwrap(), true)
        .await
        .unwrap();
    Server::client().get(&callback).send().await.unwrap();
    let replay = Server::client().get(&callback).send().await.unwrap();
    assert_eq!(
        replay.headers()[LOCATION],
        "/auth/external/failed/invalid_state"
    );
    let failed = Server::client()
        .get(api.server.url("/auth/external/failed/invalid_state"))
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), StatusCode::BAD_REQUEST);
    let page = failed.text().await.unwrap();
    assert!(page.contains("expired or was already used"), "{page}");
    let no_state = Server::client()
        .get(api.server.url("/auth/external/callback?code=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        no_state.headers()[LOCATION],
        "/auth/external/failed/invalid_callback"
    );
}

#[tokio::test]
async fn a_finished_flow_names_its_account_and_an_unknown_flow_is_not_found() {
    let mut api = Api::serve();
    api.add_demo_credential().await;
    let step = api.start_flow("demo").await;
    let flow_id = step["flow_id"].as_str().unwrap().to_owned();
    api.consent_and_return(&step, true).await;
    let (_, done) = api.get(&format!("{FLOWS}/{flow_id}")).await;
    assert_eq!(done["type"], "create_entry", "{done}");
    assert!(done["account"]["id"].is_string(), "{done}");
    let (status, body) = api.get(&format!("{FLOWS}/unknown-flow")).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "unknown_flow")
    );
    api.assert_nothing_leaked(&[]);
}

#[tokio::test]
async fn a_linked_account_is_listed_with_its_credential() {
    let mut api = Api::serve();
    let account = api.link_demo_account().await;
    let (_, accounts) = api.get("/api/config_entries").await;
    assert_eq!(accounts.as_array().unwrap().len(), 1);
    assert_eq!(accounts[0]["status"], "ok");
    assert_eq!(accounts[0]["application_credentials_id"], DEMO_CREDENTIAL);
    assert!(accounts[0]["expires_at"].as_u64().unwrap() > 0);
    let (_, entry) = api
        .get(&format!(
            "/api/application_credentials/config_entry/{account}"
        ))
        .await;
    assert_eq!(
        entry,
        json!({"application_credentials_id": DEMO_CREDENTIAL})
    );
    let (_, list) = api.get("/api/application_credentials").await;
    assert_eq!(list[0]["used_by"][0]["id"], account.as_str());
    api.assert_nothing_leaked(&[]);
}

#[tokio::test]
async fn a_credential_in_use_is_not_deleted_and_names_its_accounts() {
    let mut api = Api::serve();
    let account = api.link_demo_account().await;
    let path = format!("/api/application_credentials/{DEMO_CREDENTIAL}");
    let (status, body) = api.call(api.request(Method::DELETE, &path)).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "in_use")
    );
    assert_eq!(body["error"]["accounts"][0]["id"], account.as_str());
}

#[tokio::test]
async fn the_token_route_answers_a_usable_token_and_refreshes_on_demand() {
    let mut api = Api::serve();
    let account = api.link_demo_account().await;
    // The only answer with a token: not recorded (the others are checked for leaks).
    let token_path = format!("/api/config_entries/{account}/token");
    let token = |body: Option<Value>| {
        let request = api.request(Method::POST, &token_path);
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let first = token(None).await;
    let access = first["access_token"].as_str().unwrap().to_owned();
    assert!(
        access.starts_with("at-") && first["token_type"] == "Bearer",
        "{first}"
    );
    let me: Value = Server::client()
        .get(api.server.url("/demo/api/me"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["sub"], "demo");
    let refreshed = token(Some(json!({"force_refresh": true}))).await;
    assert_ne!(refreshed["access_token"], first["access_token"]);
    let (status, body) = api
        .call(api.request(Method::POST, "/api/config_entries/nope/token"))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    api.assert_nothing_leaked(&[]);
}

#[tokio::test]
async fn with_two_credentials_the_flow_asks_which_and_refuses_others() {
    let (mut api, _) = with_two_credentials().await;
    let pick = api.start_flow("demo").await;
    assert_eq!(pick["type"], "pick_implementation", "{pick}");
    assert_eq!(pick["implementations"].as_array().unwrap().len(), 2);
    let pick_path = format!("{FLOWS}/{}", pick["flow_id"].as_str().unwrap());
    let (status, body) = api
        .send(Method::POST, &pick_path, json!({"implementation": "bogus"}))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "unknown_implementation")
    );
    let (_, step) = api
        .send(
            Method::POST,
            &pick_path,
            json!({"implementation": DEMO_CREDENTIAL}),
        )
        .await;
    assert_eq!(step["type"], "external");
    let (status, body) = api
        .send(
            Method::POST,
            &format!("{FLOWS}/unknown"),
            json!({"implementation": "x"}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "unknown_flow")
    );
    api.assert_nothing_leaked(&[SECOND_SECRET]);
}

#[tokio::test]
async fn a_denial_at_the_provider_is_a_clear_abort() {
    let mut api = Api::serve();
    api.add_demo_credential().await;
    let step = api.start_flow("demo").await;
    let page = api.consent_and_return(&step, false).await;
    // One plain message and a way to try again; no reason codes.
    assert!(
        page.contains("Access was not allowed")
            && page.contains("was not given access, so no account was linked.")
            && page.contains(r#"href="/link/demo""#)
            && !page.contains("user_rejected_authorize")
            && !page.contains("access_denied"),
        "{page}"
    );
}

#[tokio::test]
async fn reauth_goes_through_the_provider_again() {
    let mut api = Api::serve();
    let account = api.link_demo_account().await;
    let (_, reauth) = api
        .call(api.request(
            Method::POST,
            &format!("/api/config_entries/{account}/reauth"),
        ))
        .await;
    assert_eq!(reauth["type"], "external", "{reauth}");
    let page = api.consent_and_return(&reauth, true).await;
    assert!(page.contains("authorized again"), "{page}");
    let (status, body) = api
        .call(api.request(Method::POST, "/api/config_entries/nope/reauth"))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "invalid_config_entry_id")
    );
    api.assert_nothing_leaked(&[]);
}

#[tokio::test]
async fn an_account_moves_to_another_credential_of_its_domain() {
    let (mut api, account) = with_two_credentials().await;
    let to_second = json!({"application_credentials_id": "demo_second_client"});
    let (status, moved) = api
        .send(
            Method::PATCH,
            &format!("/api/config_entries/{account}"),
            to_second.clone(),
        )
        .await;
    assert_eq!(
        (status, moved["application_credentials_id"].as_str()),
        (StatusCode::OK, Some("demo_second_client")),
        "{moved}"
    );
    let (status, body) = api
        .send(Method::PATCH, "/api/config_entries/nope", to_second)
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    api.assert_nothing_leaked(&[SECOND_SECRET]);
}

#[tokio::test]
async fn a_removed_account_is_gone_and_frees_its_credential() {
    let mut api = Api::serve();
    let account = api.link_demo_account().await;
    let entry = format!("/api/config_entries/{account}");
    let (status, body) = api.call(api.request(Method::DELETE, &entry)).await;
    assert_eq!(status, StatusCode::OK);
    // The demo provider declares no revocation endpoint: the user is told.
    assert_eq!(body["account"]["id"], account.as_str());
    assert_eq!(body["revocation"]["status"], "not_supported", "{body}");
    let (status, body) = api.call(api.request(Method::DELETE, &entry)).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let credential = format!("/api/application_credentials/{DEMO_CREDENTIAL}");
    let (status, _) = api.call(api.request(Method::DELETE, &credential)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

/// The demo provider declares that it always sends `iss` (RFC 9207), so a callback that lost it
/// (a mix-up attacker's) is refused; a callback that repeats a parameter (RFC 6749 §3.1) resumes
/// no flow at all.
#[tokio::test]
async fn a_demo_callback_without_iss_or_with_a_repeated_parameter_is_refused() {
    let mut api = Api::serve();
    api.add_demo_credential().await;
    let step = api.start_flow("demo").await;
    let callback = demo_user::authorize(step["authorize_url"].as_str().unwrap(), true)
        .await
        .unwrap();
    let mut url = url::Url::parse(&callback).unwrap();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(pairs.iter().any(|(name, _)| name == "iss"), "{callback}");

    let mut repeated = url.clone();
    repeated
        .query_pairs_mut()
        .append_pair("code", "attacker-code");
    let response = Server::client()
        .get(repeated.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()[LOCATION],
        "/auth/external/failed/invalid_callback"
    );

    url.query_pairs_mut()
        .clear()
        .extend_pairs(pairs.iter().filter(|(name, _)| name != "iss"));
    let response = Server::client().get(url.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let flow_id = step["flow_id"].as_str().unwrap();
    let (_, status) = api.get(&format!("{FLOWS}/{flow_id}")).await;
    assert_eq!(
        (status["type"].as_str(), status["reason"].as_str()),
        (Some("abort"), Some("oauth_error")),
        "{status}"
    );
}
