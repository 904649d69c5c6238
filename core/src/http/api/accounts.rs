//! `/api/config_entries`: linked accounts — list, remove, move to another credential, reauth, and
//! the token route (the only response that carries a token).

use axum::Json;
use axum::extract::{Path, State};
use secrecy::ExposeSecret;

use super::schema::{
    AccountItem, ErrorBody, MoveAccountBody, RemovedAccount, TokenBody, TokenRequestBody,
};
use crate::accounts::AccountError;
use crate::http::json::{JsonBody, from_object};
use crate::http::{ApiError, HttpState};
use crate::linking::{FlowStep, StartOptions};
use crate::store::LinkedAccount;

/// Account `id`, or a 404 with `code`.
pub(crate) async fn find(
    state: &HttpState,
    id: &str,
    code: &'static str,
) -> Result<LinkedAccount, ApiError> {
    match state.app.accounts().get(id).await {
        Ok(account) => Ok(account),
        Err(AccountError::NotFound { .. }) => Err(ApiError::unknown_account(code, id)),
        Err(error) => Err(error.into()),
    }
}

/// `GET /api/config_entries`
#[utoipa::path(get, path = "/api/config_entries", tag = "config_entries",
    responses((status = 200, body = Vec<AccountItem>)))]
pub(crate) async fn list(
    State(state): State<HttpState>,
) -> Result<Json<Vec<AccountItem>>, ApiError> {
    Ok(Json(state.app.accounts().list().await?))
}

/// `DELETE /api/config_entries/{id}`: revokes the account's tokens at the provider (RFC 7009),
/// then removes it whatever the provider answered; says what became of the tokens.
#[utoipa::path(delete, path = "/api/config_entries/{id}", tag = "config_entries",
    params(("id" = String, Path, description = "The linked account")),
    responses((status = 200, description = "Removed; `revocation.status` is `revoked`, `not_supported` or `failed` (with a `reason`)", body = RemovedAccount),
              (status = 404, description = "`not_found`", body = ErrorBody)))]
pub(crate) async fn delete(
    State(state): State<HttpState>,
    Path(id): Path<String>,
) -> Result<Json<RemovedAccount>, ApiError> {
    Ok(Json(state.app.accounts().remove(&id).await?))
}

/// `PATCH /api/config_entries/{id}`: switch the account to another credential of its domain.
#[utoipa::path(patch, path = "/api/config_entries/{id}", tag = "config_entries",
    params(("id" = String, Path, description = "The linked account")),
    request_body = MoveAccountBody,
    responses((status = 200, body = AccountItem),
              (status = 400, description = "`invalid_format` (another domain's credential)", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody)))]
pub(crate) async fn update(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<MoveAccountBody>,
) -> Result<Json<AccountItem>, ApiError> {
    let item = state
        .app
        .accounts()
        .move_to(&id, &body.application_credentials_id)
        .await?;
    Ok(Json(item))
}

/// `POST /api/config_entries/{id}/reauth`: starts a reauth flow; answers its first step.
#[utoipa::path(post, path = "/api/config_entries/{id}/reauth", tag = "config_entries",
    params(("id" = String, Path, description = "The linked account")),
    responses((status = 200, description = "The flow's step (`external`, `pick_implementation` or `abort`)", body = Object),
              (status = 404, description = "`invalid_config_entry_id`", body = ErrorBody)))]
pub(crate) async fn reauth(
    State(state): State<HttpState>,
    Path(id): Path<String>,
) -> Result<Json<FlowStep>, ApiError> {
    let account = find(&state, &id, "invalid_config_entry_id").await?;
    let step = state
        .app
        .flows()
        .start(&account.domain, StartOptions::reauth(&account.id))
        .await?;
    Ok(Json(step))
}

/// `POST /api/config_entries/{id}/token`: a fresh access token, refreshed if needed. Bearer only
/// in spirit: it is the one route whose answer carries a secret.
#[utoipa::path(post, path = "/api/config_entries/{id}/token", tag = "config_entries",
    params(("id" = String, Path, description = "The linked account")),
    request_body(content = TokenRequestBody, description = "Optional: `{\"force_refresh\": true}`"),
    responses((status = 200, body = TokenBody),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 409, description = "`needs_reauth`", body = ErrorBody),
              (status = 502, description = "`refresh_failed`", body = ErrorBody)))]
pub(crate) async fn token(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<TokenBody>, ApiError> {
    let options: TokenRequestBody = match body.is_empty() {
        true => TokenRequestBody::default(),
        false => from_object(serde_json::from_slice(&body).map_err(|e| {
            ApiError::invalid_format(format!("the request body is not JSON: {e}"))
        })?)?,
    };
    find(&state, &id, "not_found").await?;
    let force = options.force_refresh;
    let session = state.app.session(&id).await?;
    let token = match force {
        true => session.refresh().await?,
        false => session.token().await?,
    };
    tracing::info!(account = %id, "access token handed out");
    Ok(Json(TokenBody {
        access_token: token.access_token.expose_secret().to_owned(),
        token_type: token.token_type.clone(),
        expires_at: token.expires_at,
    }))
}
