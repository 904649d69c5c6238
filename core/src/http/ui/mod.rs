//! The web page: server-rendered HTML with plain forms (it works without JavaScript; a small
//! same-origin script adds the copy button), behind the page session of [`super::auth`].

mod actions;
mod device;
pub(crate) mod form_parsing;
mod html;
mod login;
mod markdown;
pub(crate) mod pages;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::{get, post};

use super::HttpState;

/// Routes that need the page session (added with the auth layer by the caller).
pub(crate) fn protected_routes() -> Router<HttpState> {
    Router::new()
        .route("/", get(actions::dashboard))
        .route("/credentials/new", get(actions::new_credential))
        .route("/credentials", post(actions::create_credential))
        .route("/credentials/{id}/rename", post(actions::rename_credential))
        .route("/credentials/{id}/rotate", post(actions::rotate_credential))
        .route("/credentials/{id}/delete", post(actions::delete_credential))
        .route("/link/{domain}", post(actions::link))
        .route("/flows/{flow_id}/pick", post(actions::pick))
        .route("/accounts/{id}/reauth", post(actions::reauth))
        .route("/accounts/{id}/remove", post(actions::remove_account))
        .route("/logout", post(login::logout))
}

/// Routes anyone may fetch: the login page and the static assets.
pub(crate) fn public_routes() -> Router<HttpState> {
    Router::new()
        .route("/login", get(login::form).post(login::login))
        .route("/static/app.js", get(script))
        .route("/static/style.css", get(style))
}

async fn script() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("static/app.js"),
    )
}

async fn style() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("static/style.css"),
    )
}
