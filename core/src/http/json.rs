//! [`JsonBody`]: a JSON request body whose every rejection is `400 invalid_format`.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ApiError, MAX_BODY_BYTES};

/// Like `axum::Json`, but a malformed body, a wrong content type, a body that is not a JSON
/// object (serde would read a struct from an array) or an unknown field answers the API's error
/// shape (`invalid_format`; `payload_too_large` over the limit) instead of plain text.
#[derive(Debug, Clone)]
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<Value>::from_request(request, state).await {
            Ok(axum::Json(value)) => from_object(value).map(JsonBody),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
                ))
            }
            Err(rejection) => Err(ApiError::invalid_format(format!(
                "the request body is not what this route takes: {}",
                rejection.body_text()
            ))),
        }
    }
}

/// `T` from a JSON body that must be an object.
pub(crate) fn from_object<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    if !value.is_object() {
        return Err(ApiError::invalid_format(
            "the request body must be a JSON object, such as {\"name\": \"...\"}",
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        ApiError::invalid_format(format!(
            "the request body is not what this route takes: {e}"
        ))
    })
}
