//! [`ApiError`]: every API failure as `{"error": {"code", "message"}}` with its status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

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

    /// The JSON body.
    pub fn body(&self) -> Value {
        let mut error = json!({"code": self.code, "message": self.message});
        if !self.accounts.is_empty() {
            error["accounts"] = json!(self.accounts);
        }
        json!({ "error": error })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
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
