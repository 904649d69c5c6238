//! The demo provider's browser side: the authorize request is checked, then a login page, then a
//! consent page; the answer goes back to the exact registered redirect URI.

use axum::Form;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use super::grants::CodeRequest;
use super::provider::{DemoProvider, lock};
use super::{BASE_PATH, USER};
use crate::{now_secs, random_bytes};
use html_escape::encode_quoted_attribute as escape;

/// The authorization request, as the pages carry it from step to step (no `Debug`: the state).
#[derive(Clone, Deserialize)]
pub(crate) struct AuthorizeParams {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    response_type: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    code_challenge: String,
    #[serde(default)]
    code_challenge_method: String,
    #[serde(default)]
    scope: Option<String>,
}

const FIELDS: [&str; 7] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "state",
    "code_challenge",
    "code_challenge_method",
    "scope",
];

impl AuthorizeParams {
    fn hidden_fields(&self) -> String {
        let empty = String::new();
        let values = [
            &self.client_id,
            &self.redirect_uri,
            &self.response_type,
            &self.state,
            &self.code_challenge,
            &self.code_challenge_method,
            self.scope.as_ref().unwrap_or(&empty),
        ];
        FIELDS
            .iter()
            .zip(values)
            .map(|(name, value)| {
                format!(
                    r#"<input type="hidden" name="{name}" value="{}">"#,
                    escape(value)
                )
            })
            .collect()
    }
}

/// Why the request cannot go on: shown on the provider's page (bad client or redirect URI, never
/// redirected) or sent back to the client.
enum Refusal {
    Page(String),
    Redirect(&'static str),
}

fn check(provider: &DemoProvider, params: &AuthorizeParams) -> Result<(), Refusal> {
    let config = &provider.inner.config;
    if params.client_id != config.client_id {
        return Err(Refusal::Page(format!(
            "Unknown client_id `{}`. The demo provider knows one client: `{}`.",
            params.client_id, config.client_id
        )));
    }
    if params.redirect_uri != config.redirect_uri {
        return Err(Refusal::Page(format!(
            "redirect_uri `{}` is not registered; the registered one is `{}`.",
            params.redirect_uri, config.redirect_uri
        )));
    }
    if params.state.is_empty() {
        return Err(Refusal::Redirect("invalid_request"));
    }
    if params.response_type != "code" {
        return Err(Refusal::Redirect("unsupported_response_type"));
    }
    if params.code_challenge_method != "S256" || params.code_challenge.len() != 43 {
        return Err(Refusal::Redirect("invalid_request"));
    }
    Ok(())
}

/// The redirect back to the client with these answer parameters plus `state` and `iss`.
fn answer(provider: &DemoProvider, params: &AuthorizeParams, pairs: &[(&str, &str)]) -> Response {
    let mut location = match url::Url::parse(&params.redirect_uri) {
        Ok(url) => url,
        Err(_) => {
            return page(
                StatusCode::BAD_REQUEST,
                "Demo provider",
                "Bad redirect_uri.",
            );
        }
    };
    location
        .query_pairs_mut()
        .extend_pairs(pairs)
        .append_pair("state", &params.state)
        .append_pair("iss", &provider.inner.config.issuer);
    Redirect::to(location.as_str()).into_response()
}

fn refused(provider: &DemoProvider, params: &AuthorizeParams, refusal: Refusal) -> Response {
    match refusal {
        Refusal::Page(text) => page(
            StatusCode::BAD_REQUEST,
            "Demo provider: request refused",
            &format!(r#"<p class="error">{}</p>"#, escape(&text)),
        ),
        Refusal::Redirect(error) => answer(provider, params, &[("error", error)]),
    }
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{t}</title><link rel="stylesheet" href="/static/style.css"></head><body><header><span class="brand">Demo OAuth provider</span><span>not appcreds: the service you link an account of</span></header><main><h1>{t}</h1>{body}</main></body></html>"#,
        t = escape(title)
    );
    (
        status,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'",
            ),
            (REFERRER_POLICY, "no-referrer"),
        ],
        html,
    )
        .into_response()
}

/// `GET /demo/oauth/authorize`: checks the request, shows the login page.
pub(crate) async fn authorize(
    State(provider): State<DemoProvider>,
    RawQuery(query): RawQuery,
) -> Response {
    let params: AuthorizeParams =
        match serde_urlencoded_params(query.as_deref().unwrap_or_default()) {
            Some(params) => params,
            None => {
                return page(
                    StatusCode::BAD_REQUEST,
                    "Demo provider",
                    "Malformed request.",
                );
            }
        };
    if let Err(refusal) = check(&provider, &params) {
        return refused(&provider, &params, refusal);
    }
    login_page(&params, None)
}

fn serde_urlencoded_params(query: &str) -> Option<AuthorizeParams> {
    let mut map = serde_json::Map::new();
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if map
            .insert(name.into_owned(), value.into_owned().into())
            .is_some()
        {
            return None;
        }
    }
    serde_json::from_value(serde_json::Value::Object(map)).ok()
}

fn login_page(params: &AuthorizeParams, error: Option<&str>) -> Response {
    let error = error
        .map(|e| format!(r#"<p class="error">{}</p>"#, escape(e)))
        .unwrap_or_default();
    page(
        if error.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNAUTHORIZED
        },
        "Sign in to the demo provider",
        &format!(
            r#"{error}<p>Demo account: user <code>{user}</code>, password <code>{password}</code>.</p><form method="post" action="{BASE_PATH}/login" class="stack">{hidden}<label>User <input name="username" id="username" value="{user}" required></label><label>Password <input type="password" name="password" id="password" required></label><button type="submit" id="sign-in">Sign in</button></form>"#,
            user = USER.0,
            password = USER.1,
            hidden = params.hidden_fields(),
        ),
    )
}

/// The login form.
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
    #[serde(flatten)]
    params: AuthorizeParams,
}

/// `POST /demo/oauth/login`: checks the password, shows the consent page.
pub(crate) async fn login(
    State(provider): State<DemoProvider>,
    Form(form): Form<LoginForm>,
) -> Response {
    let params = form.params;
    if let Err(refusal) = check(&provider, &params) {
        return refused(&provider, &params, refusal);
    }
    if (form.username.as_str(), form.password.as_str()) != USER {
        return login_page(&params, Some("Wrong user or password."));
    }
    let ticket = URL_SAFE_NO_PAD.encode(random_bytes::<24>());
    lock(&provider.inner.tickets).insert(ticket.clone(), form.username.clone());
    let scope = params.scope.clone().unwrap_or_default();
    page(
        StatusCode::OK,
        "Allow access?",
        &format!(
            r#"<p><strong>{client}</strong> wants to access your demo account <strong>{user}</strong>{scope}.</p><form method="post" action="{BASE_PATH}/consent" class="stack">{hidden}<input type="hidden" name="ticket" value="{ticket}"><button type="submit" name="decision" value="allow" id="allow">Allow</button><button type="submit" name="decision" value="deny" id="deny" class="secondary">Deny</button></form>"#,
            client = escape(&params.client_id),
            user = escape(&form.username),
            scope = if scope.is_empty() {
                String::new()
            } else {
                format!(" (scope: {})", escape(&scope))
            },
            hidden = params.hidden_fields(),
        ),
    )
}

/// The consent form.
#[derive(Deserialize)]
pub(crate) struct ConsentForm {
    ticket: String,
    decision: String,
    #[serde(flatten)]
    params: AuthorizeParams,
}

/// `POST /demo/oauth/consent`: issues a code (or `access_denied`) to the redirect URI.
pub(crate) async fn consent(
    State(provider): State<DemoProvider>,
    Form(form): Form<ConsentForm>,
) -> Response {
    let params = form.params;
    if let Err(refusal) = check(&provider, &params) {
        return refused(&provider, &params, refusal);
    }
    let Some(user) = lock(&provider.inner.tickets).remove(&form.ticket) else {
        return login_page(&params, Some("Your sign-in expired; sign in again."));
    };
    if form.decision != "allow" {
        return answer(&provider, &params, &[("error", "access_denied")]);
    }
    let request = CodeRequest {
        redirect_uri: params.redirect_uri.clone(),
        challenge: Some(params.code_challenge.clone()),
        scope: params.scope.clone().filter(|s| !s.is_empty()),
        subject: user,
    };
    let code = provider.with_book(|book| book.issue_code(request, now_secs()));
    answer(&provider, &params, &[("code", &code)])
}
