//! The web page's session: the login with the admin token, an HttpOnly SameSite cookie, CSRF
//! protection of every change, security headers, limits, and the forms.

use appcreds_tests::server::Server;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::json;

use crate::support::{Api, error_code};

/// A server and a browser session on its page: the cookie and the page's CSRF token.
struct Session {
    api: Api,
    cookie: String,
    csrf: String,
}

impl Session {
    /// Logs in with the admin token and reads the CSRF token from the page.
    async fn start() -> Session {
        let api = Api::serve();
        let login = Server::client()
            .post(api.server.url("/login"))
            .form(&[("token", api.server.admin_token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::SEE_OTHER);
        let set_cookie = login.headers()[SET_COOKIE].to_str().unwrap();
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        let html = Server::client()
            .get(api.server.url("/"))
            .header(COOKIE, &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = appcreds_tests::demo_user::hidden_fields(&html)
            .into_iter()
            .find(|(name, _)| name == "csrf_token")
            .map(|(_, value)| value)
            .expect("a CSRF field");
        Session { api, cookie, csrf }
    }

    /// A request to `path` with the session cookie (and nothing else).
    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        Server::client()
            .request(method, self.api.server.url(path))
            .header(COOKIE, &self.cookie)
    }
}

const NEW: [(&str, &str); 4] = [
    ("domain", "demo"),
    ("client_id", "form-client"),
    ("client_secret", "form-secret"),
    ("name", ""),
];

fn new_credential() -> serde_json::Value {
    json!({"domain": "demo", "client_id": "page-client", "client_secret": "page-secret"})
}

#[tokio::test]
async fn a_visitor_is_sent_to_the_login_and_a_wrong_token_gets_no_cookie() {
    let api = Api::serve();
    let client = Server::client();
    let home = client.get(api.server.url("/")).send().await.unwrap();
    assert_eq!(
        (home.status(), home.headers()[LOCATION].to_str().unwrap()),
        (StatusCode::SEE_OTHER, "/login")
    );
    let wrong = client
        .post(api.server.url("/login"))
        .form(&[("token", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get(SET_COOKIE).is_none());
}

#[tokio::test]
async fn the_login_sets_an_http_only_strict_cookie() {
    let api = Api::serve();
    let login = Server::client()
        .post(api.server.url("/login"))
        .form(&[("token", api.server.admin_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let set_cookie = login.headers()[SET_COOKIE].to_str().unwrap();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
}

#[tokio::test]
async fn the_page_has_security_headers_and_no_inline_script() {
    let session = Session::start().await;
    let page = session.request(Method::GET, "/").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    for header in [
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
    ] {
        assert!(page.headers().contains_key(header), "{header}");
    }
    assert!(!page.text().await.unwrap().contains("<script>"));
}

#[tokio::test]
async fn the_cookie_alone_changes_nothing() {
    let session = Session::start().await;
    let api = "/api/application_credentials";
    let refused = session
        .request(Method::POST, api)
        .json(&new_credential())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(&refused.json().await.unwrap()), "csrf_failed");
    let forged = session
        .request(Method::POST, api)
        .header("x-csrf-token", "forged")
        .json(&new_credential())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let form = session
        .request(Method::POST, "/credentials")
        .form(&NEW)
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_csrf_token_in_a_header_or_the_form_is_accepted() {
    let session = Session::start().await;
    let mut with_token = NEW.to_vec();
    with_token.push(("csrf_token", session.csrf.as_str()));
    let added = session
        .request(Method::POST, "/credentials")
        .form(&with_token)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let accepted = session
        .request(Method::POST, "/api/application_credentials")
        .header("x-csrf-token", &session.csrf)
        .json(&new_credential())
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn reading_needs_no_csrf_token_and_a_tampered_cookie_is_no_session() {
    let session = Session::start().await;
    let path = "/api/application_credentials";
    let listed = session.request(Method::GET, path).send().await.unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    let tampered = Server::client()
        .get(session.api.server.url(path))
        .header(COOKIE, format!("{}x", session.cookie))
        .send()
        .await
        .unwrap();
    assert_eq!(tampered.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn linking_asks_for_per_account_inputs_and_refuses_a_bad_value() {
    let session = Session::start().await;
    let link = |value: Option<&str>| {
        let mut fields = vec![("csrf_token", session.csrf.clone())];
        if let Some(value) = value {
            fields.push(("input.project_id", value.to_owned()));
        }
        session
            .request(Method::POST, "/link/nest")
            .form(&fields)
            .send()
    };
    let asked = link(None).await.unwrap();
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = asked.text().await.unwrap();
    assert!(asked.contains(r#"name="input.project_id""#), "{asked}");
    let refused = link(Some("a/b")).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(
        refused.contains("project_id") && refused.contains(r#"name="input.project_id""#),
        "{refused}"
    );
    // A good value continues, here to adding the missing credential, which keeps the value so
    // the page does not ask for it again after the credential is added.
    let continued = link(Some("my-project")).await.unwrap();
    assert_eq!(continued.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        continued.headers()[LOCATION],
        "/credentials/new?domain=nest&link=1&input.project_id=my-project"
    );
}

#[tokio::test]
async fn a_request_over_the_size_limit_is_refused() {
    let api = Api::serve();
    let huge = json!({"domain": "demo", "client_id": "x", "client_secret": "y".repeat(200_000)});
    let response = api
        .request(Method::POST, "/api/application_credentials")
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_add_form_shows_the_redirect_uri_and_the_description_with_links() {
    let session = Session::start().await;
    let form_page = session
        .request(Method::GET, "/credentials/new?domain=google")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form_page.contains(&format!(
        r#"<code id="redirect-uri">{}</code>"#,
        session.api.server.url("/auth/external/callback")
    )));
    assert!(form_page.contains("data-copy=\"redirect-uri\""));
    assert!(
        form_page
            .contains(r#"<a href="https://console.cloud.google.com/apis/credentials/consent">"#),
        "placeholders become links"
    );
}
