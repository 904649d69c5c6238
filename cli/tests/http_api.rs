//! The HTTP API of the real `appcreds serve --demo` binary, over real HTTP on loopback, with a real
//! SQLite store: every route and error code, authentication, CSRF, headers, limits, and that no
//! response carries a secret or token except the token route.

use std::path::Path;

use appcreds_tests::demo_user;
use appcreds_tests::server::Server;
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_appcreds");
const SPOTIFY_SECRET: &str = "spotify-secret-that-must-never-come-back";

fn serve(dir: &Path) -> Server {
    Server::start(Path::new(BIN), dir, &["--demo"])
}

/// Every response body seen, to check for leaks at the end.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    async fn call(&mut self, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        self.0.push(text.clone());
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

const ROUTES: [(&str, &str); 15] = [
    ("GET", "/api/application_credentials/config"),
    ("GET", "/api/application_credentials"),
    ("POST", "/api/application_credentials"),
    ("PATCH", "/api/application_credentials/x"),
    ("DELETE", "/api/application_credentials/x"),
    ("GET", "/api/application_credentials/config_entry/x"),
    ("POST", "/api/flows"),
    ("POST", "/api/flows/x"),
    ("GET", "/api/flows/x"),
    ("GET", "/api/config_entries"),
    ("DELETE", "/api/config_entries/x"),
    ("PATCH", "/api/config_entries/x"),
    ("POST", "/api/config_entries/x/reauth"),
    ("POST", "/api/config_entries/x/token"),
    ("GET", "/api/openapi.json"),
];

#[tokio::test]
async fn every_api_route_wants_the_admin_token_and_is_in_the_openapi_document() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let client = Server::client();
    for (method, path) in ROUTES {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        for auth in [None, Some("Bearer wrong-token"), Some("Basic abc")] {
            let mut request = client.request(method.clone(), server.url(path));
            if let Some(auth) = auth {
                request = request.header("authorization", auth);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} {auth:?}"
            );
            let body: Value = response.json().await.unwrap();
            assert_eq!(error_code(&body), "unauthorized", "{method} {path}");
        }
    }
    let admin_file = std::fs::read_to_string(dir.path().join("admin.token")).unwrap();
    assert_eq!(admin_file.trim(), server.admin_token);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.path().join("admin.token"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let doc: Value = server
        .api(Method::GET, "/api/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{doc}");
    for (method, path) in ROUTES {
        let templated = path
            .replace(
                "/application_credentials/x",
                "/application_credentials/{id}",
            )
            .replace("/config_entry/x", "/config_entry/{entry_id}")
            .replace("/flows/x", "/flows/{flow_id}")
            .replace("/config_entries/x", "/config_entries/{id}");
        let operation = &doc["paths"][&templated][method.to_ascii_lowercase()];
        assert!(
            operation.is_object(),
            "{method} {templated} missing from openapi.json"
        );
    }
    assert!(doc["paths"]["/auth/external/callback"]["get"].is_object());
}

#[tokio::test]
async fn credentials_routes_answer_their_shapes_and_error_codes() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let mut seen = Seen::default();
    let api = |m: Method, p: &str| server.api(m, p);

    let (status, config) = seen
        .call(api(Method::GET, "/api/application_credentials/config"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let domains: Vec<&str> = config["domains"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        domains.contains(&"demo") && domains.contains(&"spotify"),
        "{domains:?}"
    );
    for domain in &domains {
        let integration = &config["integrations"][domain];
        assert!(integration["title"].is_string(), "{domain}");
        assert_eq!(
            integration["description_placeholders"]["redirect_url"],
            server.url("/auth/external/callback"),
            "{domain}"
        );
    }
    assert!(
        config["integrations"]["google"]["description"]
            .as_str()
            .unwrap()
            .contains("{developer_console_url}")
    );

    let new = json!({"domain": "spotify", "client_id": " spotify-client ", "client_secret": SPOTIFY_SECRET, "name": "Mine"});
    let (status, created) = seen
        .call(api(Method::POST, "/api/application_credentials").json(&new))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        created,
        json!({"id": "spotify_spotify_client", "domain": "spotify", "client_id": "spotify-client", "name": "Mine", "auth_domain": null, "used_by": []})
    );
    let (status, body) = seen
        .call(api(Method::POST, "/api/application_credentials").json(&new))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "duplicate")
    );
    for bad in [
        json!({"domain": "nope", "client_id": "a", "client_secret": "b"}),
        json!({"domain": "spotify", "client_id": "", "client_secret": "b"}),
        json!({"domain": "spotify", "client_id": "a"}),
        json!({"domain": "spotify", "client_id": "a", "client_secret": "b", "extra": 1}),
    ] {
        let (status, body) = seen
            .call(api(Method::POST, "/api/application_credentials").json(&bad))
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_format"),
            "{bad} {body}"
        );
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
    let (status, body) = seen
        .call(
            api(Method::POST, "/api/application_credentials")
                .header(CONTENT_TYPE, "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_format")
    );

    let (status, list) = seen
        .call(api(Method::GET, "/api/application_credentials"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!([created]));

    let path = "/api/application_credentials/spotify_spotify_client";
    let (status, renamed) = seen
        .call(api(Method::PATCH, path).json(&json!({"name": "Renamed"})))
        .await;
    assert_eq!(
        (status, renamed["name"].as_str()),
        (StatusCode::OK, Some("Renamed"))
    );
    let (status, rotated) = seen
        .call(
            api(Method::PATCH, path)
                .json(&json!({"client_secret": "another-secret-value", "name": null})),
        )
        .await;
    assert_eq!(
        (status, &rotated["name"]),
        (StatusCode::OK, &Value::Null),
        "{rotated}"
    );
    let (status, body) = seen.call(api(Method::PATCH, path).json(&json!({}))).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_format")
    );
    let (status, body) = seen
        .call(api(Method::PATCH, "/api/application_credentials/nope").json(&json!({"name": "x"})))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );

    let (status, body) = seen
        .call(api(
            Method::GET,
            "/api/application_credentials/config_entry/nope",
        ))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "invalid_config_entry_id")
    );
    let (status, body) = seen
        .call(api(Method::DELETE, "/api/application_credentials/nope"))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let response = api(Method::DELETE, path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (_, list) = seen
        .call(api(Method::GET, "/api/application_credentials"))
        .await;
    assert_eq!(list, json!([]));

    for body in &seen.0 {
        assert!(
            !body.contains(SPOTIFY_SECRET) && !body.contains("another-secret-value"),
            "{body}"
        );
    }
}

/// Tokens the demo provider issued, from its state file.
fn issued_tokens(dir: &Path) -> Vec<String> {
    let state = std::fs::read_to_string(dir.join("demo-provider.json")).unwrap_or_default();
    state
        .split('"')
        .filter(|s| s.starts_with("at-") || s.starts_with("rt-"))
        .map(str::to_owned)
        .collect()
}

/// The user answers the provider for an `external` step; the browser follows the callback's
/// redirect; returns the result page.
async fn consent_and_return(server: &Server, step: &Value, allow: bool) -> String {
    let callback = demo_user::authorize(step["authorize_url"].as_str().unwrap(), allow)
        .await
        .unwrap();
    let response = Server::client().get(&callback).send().await.unwrap();
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    let page = Server::client()
        .get(server.url(&location))
        .send()
        .await
        .unwrap();
    page.text().await.unwrap()
}

#[tokio::test]
async fn flows_accounts_callback_and_token_route() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let mut seen = Seen::default();
    let api = |m: Method, p: &str| server.api(m, p);

    let (_, step) = seen
        .call(api(Method::POST, "/api/flows").json(&json!({"domain": "demo"})))
        .await;
    assert_eq!(
        (step["type"].as_str(), step["reason"].as_str()),
        (Some("abort"), Some("missing_credentials"))
    );
    let (_, step) = seen
        .call(api(Method::POST, "/api/flows").json(&json!({"domain": "nope"})))
        .await;
    assert_eq!(step["reason"], "missing_configuration");
    // Per-account inputs are validated before anything is stored or sent.
    for inputs in [
        json!({}),
        json!({"project_id": "a/b"}),
        json!({"project_id": "p", "other": "x"}),
    ] {
        let (status, body) = seen
            .call(
                api(Method::POST, "/api/flows").json(&json!({"domain": "nest", "inputs": inputs})),
            )
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_input"),
            "{inputs}: {body}"
        );
    }
    let (status, body) = seen
        .call(api(Method::POST, "/api/flows").json(&json!({"domein": "demo"})))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_format")
    );

    let demo = json!({"domain": "demo", "client_id": appcreds_demo::CLIENT_ID, "client_secret": appcreds_demo::CLIENT_SECRET});
    let (status, _) = seen
        .call(api(Method::POST, "/api/application_credentials").json(&demo))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, step) = seen
        .call(api(Method::POST, "/api/flows").json(&json!({"domain": "demo"})))
        .await;
    assert_eq!(step["type"], "external", "{step}");
    let flow_id = step["flow_id"].as_str().unwrap().to_owned();
    let (_, status_step) = seen
        .call(api(Method::GET, &format!("/api/flows/{flow_id}")))
        .await;
    // While the user is at the provider the flow is `authorizing`: the authorize URL (which holds
    // the state) was handed out once and is not stored, so it is not in the status either.
    assert_eq!(status_step["type"], "authorizing", "{status_step}");
    assert!(status_step.get("authorize_url").is_none(), "{status_step}");

    // The browser comes back: no authentication, a 303 to a clean URL, no referrer.
    let callback = demo_user::authorize(step["authorize_url"].as_str().unwrap(), true)
        .await
        .unwrap();
    assert!(
        callback.starts_with(&server.url("/auth/external/callback?code=")),
        "{callback}"
    );
    let response = Server::client().get(&callback).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/auth/external/result/{flow_id}"));
    let result = Server::client()
        .get(server.url(&location))
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
    seen.0.push(html);

    // Replaying the callback finds nothing.
    let replay = Server::client().get(&callback).send().await.unwrap();
    assert_eq!(
        replay.headers()[LOCATION],
        "/auth/external/failed/invalid_state"
    );
    let failed = Server::client()
        .get(server.url("/auth/external/failed/invalid_state"))
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), StatusCode::BAD_REQUEST);
    assert!(
        failed
            .text()
            .await
            .unwrap()
            .contains("expired or was already used")
    );
    let no_state = Server::client()
        .get(server.url("/auth/external/callback?code=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        no_state.headers()[LOCATION],
        "/auth/external/failed/invalid_callback"
    );

    let (_, done) = seen
        .call(api(Method::GET, &format!("/api/flows/{flow_id}")))
        .await;
    assert_eq!(done["type"], "create_entry", "{done}");
    let account_id = done["account"]["id"].as_str().unwrap().to_owned();
    let (status, body) = seen.call(api(Method::GET, "/api/flows/unknown-flow")).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "unknown_flow")
    );

    let (_, accounts) = seen.call(api(Method::GET, "/api/config_entries")).await;
    assert_eq!(accounts.as_array().unwrap().len(), 1);
    assert_eq!(accounts[0]["status"], "ok");
    assert_eq!(
        accounts[0]["application_credentials_id"],
        "demo_appcreds_demo"
    );
    assert!(accounts[0]["expires_at"].as_u64().unwrap() > 0);
    let (_, entry) = seen
        .call(api(
            Method::GET,
            &format!("/api/application_credentials/config_entry/{account_id}"),
        ))
        .await;
    assert_eq!(
        entry,
        json!({"application_credentials_id": "demo_appcreds_demo"})
    );
    let (_, list) = seen
        .call(api(Method::GET, "/api/application_credentials"))
        .await;
    assert_eq!(list[0]["used_by"][0]["id"], account_id.as_str());

    // In use: refused with the accounts.
    let (status, body) = seen
        .call(api(
            Method::DELETE,
            "/api/application_credentials/demo_appcreds_demo",
        ))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "in_use")
    );
    assert_eq!(body["error"]["accounts"][0]["id"], account_id.as_str());

    // The token route: the only answer with a token; a forced refresh rotates it.
    let token_path = format!("/api/config_entries/{account_id}/token");
    let first: Value = api(Method::POST, &token_path)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = first["access_token"].as_str().unwrap().to_owned();
    assert!(
        access.starts_with("at-") && first["token_type"] == "Bearer",
        "{first}"
    );
    let me: Value = Server::client()
        .get(server.url("/demo/api/me"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["sub"], "demo");
    let refreshed: Value = api(Method::POST, &token_path)
        .json(&json!({"force_refresh": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(refreshed["access_token"], first["access_token"]);
    let (status, body) = seen
        .call(api(Method::POST, "/api/config_entries/nope/token"))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );

    // Two credentials: the flow asks which; a bogus pick is refused; reauth keeps the account's.
    let other = json!({"domain": "demo", "client_id": "second-client", "client_secret": "second-secret-value", "name": "Second"});
    seen.call(api(Method::POST, "/api/application_credentials").json(&other))
        .await;
    let (_, pick) = seen
        .call(api(Method::POST, "/api/flows").json(&json!({"domain": "demo"})))
        .await;
    assert_eq!(pick["type"], "pick_implementation", "{pick}");
    assert_eq!(pick["implementations"].as_array().unwrap().len(), 2);
    let pick_path = format!("/api/flows/{}", pick["flow_id"].as_str().unwrap());
    let (status, body) = seen
        .call(api(Method::POST, &pick_path).json(&json!({"implementation": "bogus"})))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "unknown_implementation")
    );
    let (_, step) = seen
        .call(api(Method::POST, &pick_path).json(&json!({"implementation": "demo_appcreds_demo"})))
        .await;
    assert_eq!(step["type"], "external");
    let (status, body) = seen
        .call(api(Method::POST, "/api/flows/unknown").json(&json!({"implementation": "x"})))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "unknown_flow")
    );

    // The user denies at the provider: a clear abort.
    let page = consent_and_return(&server, &step, false).await;
    assert!(
        page.contains("user_rejected_authorize") && page.contains("refused at the provider"),
        "{page}"
    );

    let (_, reauth) = seen
        .call(api(
            Method::POST,
            &format!("/api/config_entries/{account_id}/reauth"),
        ))
        .await;
    assert_eq!(reauth["type"], "external", "{reauth}");
    let page = consent_and_return(&server, &reauth, true).await;
    assert!(page.contains("authorized again"), "{page}");
    let (status, body) = seen
        .call(api(Method::POST, "/api/config_entries/nope/reauth"))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "invalid_config_entry_id")
    );

    // Move the account to the second credential, then back.
    let entry_path = format!("/api/config_entries/{account_id}");
    let (status, moved) = seen
        .call(
            api(Method::PATCH, &entry_path)
                .json(&json!({"application_credentials_id": "demo_second_client"})),
        )
        .await;
    assert_eq!(
        (status, moved["application_credentials_id"].as_str()),
        (StatusCode::OK, Some("demo_second_client")),
        "{moved}"
    );
    let (status, body) = seen
        .call(
            api(Method::PATCH, "/api/config_entries/nope")
                .json(&json!({"application_credentials_id": "demo_second_client"})),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );

    let (status, _) = seen.call(api(Method::DELETE, &entry_path)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = seen.call(api(Method::DELETE, &entry_path)).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (status, _) = seen
        .call(api(
            Method::DELETE,
            "/api/application_credentials/demo_appcreds_demo",
        ))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // No answer but the token route's ever carried a secret or a token.
    let tokens = issued_tokens(dir.path());
    assert!(tokens.len() >= 4, "{tokens:?}");
    for body in &seen.0 {
        assert!(!body.contains("second-secret-value"), "{body}");
        for token in &tokens {
            assert!(!body.contains(token.as_str()), "a token leaked: {body}");
        }
    }
}

#[tokio::test]
async fn page_session_csrf_headers_and_limits() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let client = Server::client();

    let home = client.get(server.url("/")).send().await.unwrap();
    assert_eq!(
        (home.status(), home.headers()[LOCATION].to_str().unwrap()),
        (StatusCode::SEE_OTHER, "/login")
    );
    let wrong = client
        .post(server.url("/login"))
        .form(&[("token", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get(SET_COOKIE).is_none());
    let login = client
        .post(server.url("/login"))
        .form(&[("token", server.admin_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let set_cookie = login.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    let page = client
        .get(server.url("/"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    for header in [
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
    ] {
        assert!(page.headers().contains_key(header), "{header}");
    }
    let html = page.text().await.unwrap();
    let csrf = appcreds_tests::demo_user::hidden_fields(&html)
        .into_iter()
        .find(|(name, _)| name == "csrf_token")
        .map(|(_, value)| value)
        .expect("a CSRF field");
    assert!(!html.contains("<script>"), "no inline script");

    // The cookie alone does not change anything: CSRF token required, in a header or the form.
    let new = json!({"domain": "demo", "client_id": "page-client", "client_secret": "page-secret"});
    let refused = client
        .post(server.url("/api/application_credentials"))
        .header(COOKIE, &cookie)
        .json(&new)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(&refused.json().await.unwrap()), "csrf_failed");
    let forged = client
        .post(server.url("/api/application_credentials"))
        .header(COOKIE, &cookie)
        .header("x-csrf-token", "forged")
        .json(&new)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let form = [
        ("domain", "demo"),
        ("client_id", "form-client"),
        ("client_secret", "form-secret"),
        ("name", ""),
    ];
    let refused = client
        .post(server.url("/credentials"))
        .header(COOKIE, &cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let mut with_token = form.to_vec();
    with_token.push(("csrf_token", csrf.as_str()));
    let added = client
        .post(server.url("/credentials"))
        .header(COOKIE, &cookie)
        .form(&with_token)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let accepted = client
        .post(server.url("/api/application_credentials"))
        .header(COOKIE, &cookie)
        .header("x-csrf-token", &csrf)
        .json(&new)
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::CREATED);
    // GET needs no CSRF token; a tampered cookie is no session.
    let listed = client
        .get(server.url("/api/application_credentials"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    let tampered = format!("{cookie}x");
    let refused = client
        .get(server.url("/api/application_credentials"))
        .header(COOKIE, tampered)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    // Linking an integration that needs per-account inputs asks for them, refuses a bad value
    // with its message, and continues with a good one (here to adding the missing credential).
    let link = |fields: Vec<(&'static str, String)>| {
        let mut fields = fields;
        fields.push(("csrf_token", csrf.clone()));
        client
            .post(server.url("/link/nest"))
            .header(COOKIE, &cookie)
            .form(&fields)
            .send()
    };
    let asked = link(vec![]).await.unwrap();
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = asked.text().await.unwrap();
    assert!(asked.contains(r#"name="input.project_id""#), "{asked}");
    let refused = link(vec![("input.project_id", "a/b".to_owned())])
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(
        refused.contains("project_id") && refused.contains(r#"name="input.project_id""#),
        "{refused}"
    );
    let continued = link(vec![("input.project_id", "my-project".to_owned())])
        .await
        .unwrap();
    assert_eq!(continued.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        continued.headers()[LOCATION],
        "/credentials/new?domain=nest&link=1"
    );

    // Request size limit.
    let huge = json!({"domain": "demo", "client_id": "x", "client_secret": "y".repeat(200_000)});
    let response = server
        .api(Method::POST, "/api/application_credentials")
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // The add form shows the exact redirect URI with a copy button, and the Markdown description.
    let form_page = client
        .get(server.url("/credentials/new?domain=google"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form_page.contains(&format!(
        r#"<code id="redirect-uri">{}</code>"#,
        server.url("/auth/external/callback")
    )));
    assert!(form_page.contains("data-copy=\"redirect-uri\""));
    assert!(
        form_page
            .contains(r#"<a href="https://console.cloud.google.com/apis/credentials/consent">"#),
        "placeholders become links"
    );
}
