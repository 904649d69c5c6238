//! The web page: server-rendered HTML with plain forms (it works without JavaScript; a small
//! same-origin script adds the copy buttons and filters lists as you type), behind the page session of [`super::auth`].

mod account_actions;
mod actions;
mod dashboard;
mod device;
pub(crate) mod form_parsing;
mod html;
mod link_actions;
mod login;
mod markdown;
mod outcome;
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
        .route(
            "/credentials/{id}/rename",
            get(actions::rename_credential_form).post(actions::rename_credential),
        )
        .route(
            "/credentials/{id}/rotate",
            get(actions::rotate_form).post(actions::rotate_credential),
        )
        .route(
            "/credentials/{id}/delete",
            get(actions::delete_credential_form).post(actions::delete_credential),
        )
        .route(
            "/link/{domain}",
            get(link_actions::link_form).post(link_actions::link),
        )
        .route("/flows/{flow_id}/pick", post(link_actions::pick))
        .route(
            "/accounts/{id}/reauth",
            get(link_actions::reauth_form).post(link_actions::reauth),
        )
        .route(
            "/accounts/{id}/rename",
            get(account_actions::rename_form).post(account_actions::rename),
        )
        .route(
            "/accounts/{id}/remove",
            get(account_actions::remove_form).post(account_actions::remove),
        )
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
