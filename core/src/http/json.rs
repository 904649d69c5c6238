//! [`JsonBody`]: a JSON request body whose every rejection is `400 invalid_format`.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use axum::http::StatusCode;

use super::{ApiError, MAX_BODY_BYTES};

/// Like `axum::Json`, but a malformed body, a wrong content type or an unknown field answers the
/// API's error shape (`invalid_format`; `payload_too_large` over the limit) instead of plain text.
#[derive(Debug, Clone)]
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
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
