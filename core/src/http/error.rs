//! [`ApiError`]: every API failure as `{"error": {"code", "message"}}` with its status.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::api::schema::{ErrorBody, ErrorDetail};
use crate::accounts::AccountError;
use crate::credentials::CredentialError;
use crate::linking::{FlowError, SessionError};
use crate::store::AccountRef;

/// An API error: a status, a machine code and a message that says what to do. Never a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The machine code, such as `not_found`.
    pub code: &'static str,
    /// What happened and how to fix it.
    pub message: String,
    /// For `in_use`: the accounts that use the credential.
    pub accounts: Vec<AccountRef>,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            accounts: Vec::new(),
        }
    }

    /// `401 unauthorized`.
    pub(crate) fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "send `Authorization: Bearer <admin token>` (printed by `appcreds serve`, kept in the data directory's admin.token) or log in on the page",
        )
    }

    /// `403 csrf_failed`.
    pub(crate) fn csrf() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "missing or wrong CSRF token: send the page's token in the X-CSRF-Token header or the csrf_token form field, or reload the page",
        )
    }

    /// `400 invalid_format`.
    pub(crate) fn invalid_format(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_format", message)
    }

    /// `404` for an unknown linked account, with the code the route documents.
    pub(crate) fn unknown_account(code: &'static str, id: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            code,
            format!("config entry not found: `{id}`; list them with GET /api/config_entries"),
        )
    }

    /// `500 internal_error`, logged; the message stays generic.
    pub(crate) fn internal(error: &dyn std::error::Error) -> ApiError {
        tracing::error!(%error, "request failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "internal error; the server log has the details",
        )
    }

    /// The body sent: exactly the `ErrorBody` the OpenAPI document describes.
    pub fn error_body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message.clone(),
                accounts: self.accounts.clone(),
            },
        }
    }

    /// The JSON body, as a value.
    pub fn body(&self) -> Value {
        serde_json::to_value(self.error_body()).unwrap_or_default()
    }

    /// The error for a status axum answered by itself (no route, wrong method, unreadable path).
    fn for_status(status: StatusCode) -> ApiError {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => (
                "not_found",
                "no such API route; GET /api/openapi.json lists them",
            ),
            StatusCode::METHOD_NOT_ALLOWED => (
                "method_not_allowed",
                "this route does not take this method; the Allow header lists those it takes",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => (
                "payload_too_large",
                "the request body is larger than the API accepts",
            ),
            status if status.is_server_error() => (
                "internal_error",
                "internal error; the server log has the details",
            ),
            _ => (
                "invalid_format",
                "the request is not what this route takes (path, query or body)",
            ),
        };
        ApiError::new(status, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.error_body())).into_response()
    }
}

/// No route matched: `404`, as an `ErrorBody` under `/api` (by [`api_errors_as_json`]).
pub(crate) async fn no_route() -> StatusCode {
    StatusCode::NOT_FOUND
}

/// Gives every `/api` failure the documented `ErrorBody`, including those axum answers by itself
/// (unknown route `404`, wrong method `405`, an unreadable path parameter `400`) in plain text.
pub(crate) async fn api_errors_as_json(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let allow = response.headers().get(axum::http::header::ALLOW).cloned();
    let mut replaced = ApiError::for_status(status).into_response();
    if let Some(allow) = allow {
        replaced
            .headers_mut()
            .insert(axum::http::header::ALLOW, allow);
    }
    replaced
}

impl From<CredentialError> for ApiError {
    fn from(error: CredentialError) -> ApiError {
        let status = match &error {
            CredentialError::InvalidFormat { .. } | CredentialError::Config { .. } => {
                StatusCode::BAD_REQUEST
            }
            CredentialError::NotFound { .. } => StatusCode::NOT_FOUND,
            CredentialError::Duplicate { .. } | CredentialError::InUse { .. } => {
                StatusCode::CONFLICT
            }
            CredentialError::Store(store) => return ApiError::internal(store),
        };
        let mut api = ApiError::new(status, error.code(), error.to_string());
        if let CredentialError::InUse { accounts, .. } = error {
            api.accounts = accounts;
        }
        api
    }
}

impl From<FlowError> for ApiError {
    fn from(error: FlowError) -> ApiError {
        let status = match &error {
            FlowError::UnknownFlow { .. } | FlowError::UnknownAccount { .. } => {
                StatusCode::NOT_FOUND
            }
            FlowError::UnknownImplementation { .. }
            | FlowError::InvalidInput { .. }
            | FlowError::NoDeviceFlow { .. }
            | FlowError::Registration { .. }
            | FlowError::Callback(_) => StatusCode::BAD_REQUEST,
            FlowError::Store(_) | FlowError::Credential(_) | FlowError::Account(_) => {
                return ApiError::internal(&error);
            }
        };
        ApiError::new(status, error.code(), error.to_string())
    }
}

impl From<SessionError> for ApiError {
    fn from(error: SessionError) -> ApiError {
        match &error {
            SessionError::ReauthRequired { .. } => {
                ApiError::new(StatusCode::CONFLICT, "needs_reauth", error.to_string())
            }
            SessionError::Refresh { .. } | SessionError::Busy { .. } | SessionError::Request(_) => {
                ApiError::new(StatusCode::BAD_GATEWAY, "refresh_failed", error.to_string())
            }
            SessionError::Unavailable { .. } => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "oauth_implementation_unavailable",
                error.to_string(),
            ),
            SessionError::Gone { account_id } => ApiError::unknown_account("not_found", account_id),
            SessionError::Store(store) => ApiError::internal(store),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(error: AccountError) -> ApiError {
        match error {
            AccountError::NotFound { id } => ApiError::unknown_account("not_found", &id),
            AccountError::OtherDomain { .. } | AccountError::InvalidTitle { .. } => {
                ApiError::invalid_format(error.to_string())
            }
            AccountError::Credential(error) => error.into(),
            AccountError::Store(store) => ApiError::internal(&store),
        }
    }
}
