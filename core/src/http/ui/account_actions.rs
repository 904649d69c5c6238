//! The page's handlers for linked accounts: rename, and remove after confirming.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::actions::{FieldPost, error_page};
use super::html::{plain, url_part};
use super::pages::{self, FieldForm};
use crate::AccountError;
use crate::http::HttpState;
use crate::http::api::accounts::find;
use crate::http::auth::Caller;
use crate::oauth::Revocation;

fn rename_page(caller: &Caller, id: &str, value: &str, error: Option<&str>) -> Response {
    pages::field_form(
        &FieldForm {
            csrf: caller.csrf(),
            title: "Rename account",
            intro: "The title tells your linked accounts apart on this page and in the command line.",
            action: &format!("/accounts/{}/rename", url_part(id)),
            label: "Title",
            field: "name",
            secret: false,
            value,
            button: "Rename",
            error,
        },
        if error.is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
    )
}

/// `GET /accounts/{id}/rename`
pub(crate) async fn rename_form(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    match find(&state, &id, "not_found").await {
        Ok(account) => rename_page(&caller, &id, &account.title, None),
        Err(error) => error_page(error),
    }
}

/// `POST /accounts/{id}/rename`
pub(crate) async fn rename(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Form(form): Form<FieldPost>,
) -> Response {
    match state.app.accounts().rename(&id, &form.name).await {
        Ok(_) => Redirect::to("/?notice=account_renamed#accounts").into_response(),
        Err(error @ AccountError::InvalidTitle { .. }) => {
            rename_page(&caller, &id, &form.name, Some(&plain(&error.to_string())))
        }
        Err(error) => error_page(error.into()),
    }
}

/// `GET /accounts/{id}/remove`: asks first.
pub(crate) async fn remove_form(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    match find(&state, &id, "not_found").await {
        Ok(account) => pages::confirm(
            caller.csrf(),
            "Remove this account?",
            &format!(
                "The linked account {} and its tokens will be removed from appcreds. Programs using it stop getting tokens until it is linked again.",
                account.title
            ),
            &format!("/accounts/{}/remove", url_part(&id)),
            "Remove account",
            &account.title,
        ),
        Err(error) => error_page(error),
    }
}

/// `POST /accounts/{id}/remove`
pub(crate) async fn remove(State(state): State<HttpState>, Path(id): Path<String>) -> Response {
    match state.app.accounts().remove(&id).await {
        Ok(removed) => match removed.revocation {
            Revocation::Revoked => {
                Redirect::to("/?notice=account_removed_revoked#accounts").into_response()
            }
            Revocation::NotSupported => {
                Redirect::to("/?notice=account_removed_not_revocable#accounts").into_response()
            }
            // The reason is the provider's words: shown escaped, never carried in a URL.
            failed @ Revocation::Failed { .. } => super::html::page(
                StatusCode::OK,
                "Linked account removed",
                &format!(
                    r#"{}<p>Revoke the access in your account settings at the provider if you want it gone now.</p><p><a class="button" href="/">Back to the main page</a></p>"#,
                    super::html::message(
                        "error",
                        &format!("Linked account removed. {}", failed.message())
                    )
                ),
            ),
        },
        Err(error) => error_page(error.into()),
    }
}
