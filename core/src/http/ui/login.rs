//! Logging in to the page with the admin token, once; then an HttpOnly, SameSite=Strict cookie.

use axum::extract::ConnectInfo;
use axum::extract::State;
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use std::net::SocketAddr;
use std::time::Instant;

use super::html::{escape, message, page};
use crate::clock::now_secs;
use crate::http::ApiError;
use crate::http::HttpState;
use crate::http::admin_token::{SESSION_SECONDS, new_session_id, session_hash};
use crate::http::auth::{Caller, SESSION_COOKIE, caller};
use crate::http::login_limit::{UNKNOWN_CLIENT, Verdict};

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
    match caller(&state, &headers).await {
        Ok(Some(_)) => Redirect::to("/").into_response(),
        Ok(None) => login_page(StatusCode::OK, None),
        Err(error) => error.into_response(),
    }
}

/// `POST /login`: limited per client address (see [`crate::http::login_limit`]).
pub(crate) async fn login(
    State(state): State<HttpState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<LoginForm>,
) -> Response {
    let client = client.map_or(UNKNOWN_CLIENT, |Extension(ConnectInfo(address))| {
        address.ip()
    });
    let now = Instant::now();
    if let Verdict::Limited { retry_after_secs } = state.login_limiter.check(client, now) {
        let message = format!(
            "Too many wrong admin tokens from your address. Wait {retry_after_secs} seconds, then paste the token from admin.token in the data directory."
        );
        let mut response = login_page(StatusCode::TOO_MANY_REQUESTS, Some(&message));
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
        return response;
    }
    if !state.config.admin_token.matches(form.token.trim()) {
        state.login_limiter.failed(client, now);
        return login_page(
            StatusCode::UNAUTHORIZED,
            Some(
                "That is not the admin token. Copy it again from the output of appcreds serve, or from the file admin.token in the data directory.",
            ),
        );
    }
    state.login_limiter.succeeded(client);
    let session = new_session_id();
    let now = now_secs();
    let token = &state.config.admin_token;
    if let Err(error) = state
        .app
        .store()
        .insert_page_session(
            &session_hash(&session),
            &token.fingerprint(),
            now,
            now + SESSION_SECONDS,
        )
        .await
    {
        return ApiError::internal(&error).into_response();
    }
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

/// `POST /logout`: ends the session in the store (on every instance) and clears the cookie.
pub(crate) async fn logout(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
) -> Response {
    if let Caller::Page { session, .. } = &caller
        && let Err(error) = state.app.store().delete_page_session(session).await
    {
        return ApiError::internal(&error).into_response();
    }
    let cookie = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    ([(SET_COOKIE, cookie)], Redirect::to("/login")).into_response()
}
