//! `/api/application_credentials`: list, create, rename/rotate, delete, and the credential of a
//! linked account.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use secrecy::SecretString;

use super::schema::{
    ConfigEntryCredential, CreateCredentialBody, CredentialItem, ErrorBody, UpdateCredentialBody,
};
use crate::http::json::JsonBody;
use crate::http::{ApiError, HttpState};
use crate::{CredentialUpdate, NewCredential};

/// `GET /api/application_credentials`
#[utoipa::path(get, path = "/api/application_credentials", tag = "application_credentials",
    responses((status = 200, body = Vec<CredentialItem>)))]
pub(crate) async fn list(
    State(state): State<HttpState>,
) -> Result<Json<Vec<CredentialItem>>, ApiError> {
    Ok(Json(state.app.credentials().items().await?))
}

/// `POST /api/application_credentials`
#[utoipa::path(post, path = "/api/application_credentials", tag = "application_credentials",
    request_body = CreateCredentialBody,
    responses((status = 201, body = CredentialItem),
              (status = 400, description = "`invalid_format`", body = ErrorBody),
              (status = 409, description = "`duplicate`", body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<HttpState>,
    JsonBody(body): JsonBody<CreateCredentialBody>,
) -> Result<(StatusCode, Json<CredentialItem>), ApiError> {
    let credential = state
        .app
        .credentials()
        .create(NewCredential {
            domain: body.domain,
            client_id: body.client_id,
            client_secret: SecretString::from(body.client_secret),
            name: body.name,
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CredentialItem::new(&credential, Vec::new())),
    ))
}

/// `PATCH /api/application_credentials/{id}`
#[utoipa::path(patch, path = "/api/application_credentials/{id}", tag = "application_credentials",
    params(("id" = String, Path, description = "The credential")),
    request_body = UpdateCredentialBody,
    responses((status = 200, body = CredentialItem),
              (status = 400, description = "`invalid_format`", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody)))]
pub(crate) async fn update(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<UpdateCredentialBody>,
) -> Result<Json<CredentialItem>, ApiError> {
    if body.name.is_none() && body.client_secret.is_none() {
        return Err(ApiError::invalid_format(
            "nothing to change: send `name` and/or `client_secret`",
        ));
    }
    let credentials = state.app.credentials();
    let updated = credentials
        .update(
            &id,
            CredentialUpdate {
                name: body.name,
                client_secret: body.client_secret.map(SecretString::from),
            },
        )
        .await?;
    let used_by = state.app.accounts().using(&id).await?;
    Ok(Json(CredentialItem::new(&updated, used_by)))
}

/// `DELETE /api/application_credentials/{id}`
#[utoipa::path(delete, path = "/api/application_credentials/{id}", tag = "application_credentials",
    params(("id" = String, Path, description = "The credential")),
    responses((status = 204, description = "Deleted"),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 409, description = "`in_use`, with the accounts that use it", body = ErrorBody)))]
pub(crate) async fn delete(
    State(state): State<HttpState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.app.credentials().delete(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/application_credentials/config_entry/{entry_id}`
#[utoipa::path(get, path = "/api/application_credentials/config_entry/{entry_id}", tag = "application_credentials",
    params(("entry_id" = String, Path, description = "The linked account")),
    responses((status = 200, body = ConfigEntryCredential),
              (status = 404, description = "`invalid_config_entry_id`", body = ErrorBody)))]
pub(crate) async fn for_config_entry(
    State(state): State<HttpState>,
    Path(entry_id): Path<String>,
) -> Result<Json<ConfigEntryCredential>, ApiError> {
    let account = super::accounts::find(&state, &entry_id, "invalid_config_entry_id").await?;
    let credential = state.app.accounts().credential_of(&account).await?;
    Ok(Json(ConfigEntryCredential {
        application_credentials_id: credential.map(|c| c.id),
    }))
}
