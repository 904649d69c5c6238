//! Logging in to the page with the admin token, once; then an HttpOnly, SameSite=Strict cookie.

use axum::Form;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::html::{escape, message, page};
use crate::clock::now_secs;
use crate::http::HttpState;
use crate::http::admin_token::SESSION_SECONDS;
use crate::http::auth::{SESSION_COOKIE, caller};

/// The login form's fields.
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    token: String,
}

fn login_page(status: StatusCode, error: Option<&str>) -> Response {
    let error = error.map(|e| message("error", e)).unwrap_or_default();
    page(
        status,
        "Log in",
        &format!(
            r#"{error}<p>Paste the admin token that <code>appcreds serve</code> printed (it is kept in <code>admin.token</code> in the data directory).</p>
<form method="post" action="/login" class="stack"><label for="token">Admin token</label><input type="password" name="token" id="token" autocomplete="current-password" required autofocus><button type="submit" id="login">Log in</button></form>"#
        ),
    )
}

/// `GET /login`
pub(crate) async fn form(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    match caller(&state, &headers) {
        Some(_) => Redirect::to("/").into_response(),
        None => login_page(StatusCode::OK, None),
    }
}

/// `POST /login`
pub(crate) async fn login(State(state): State<HttpState>, Form(form): Form<LoginForm>) -> Response {
    if !state.config.admin_token.matches(form.token.trim()) {
        tracing::warn!("page login refused: wrong admin token");
        return login_page(
            StatusCode::UNAUTHORIZED,
            Some(
                "That is not the admin token. Copy it again from the output of appcreds serve, or from the file admin.token in the data directory.",
            ),
        );
    }
    let session = state.config.admin_token.new_session(now_secs());
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}{secure}",
        escape(&session)
    );
    ([(SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

/// `POST /logout`
pub(crate) async fn logout() -> Response {
    let cookie = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    ([(SET_COOKIE, cookie)], Redirect::to("/login")).into_response()
}
