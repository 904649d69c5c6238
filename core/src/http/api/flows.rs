//! `/api/flows`: link an account — start, pick a credential, ask how it went.

use axum::Json;
use axum::extract::{Path, State};

use super::schema::{ErrorBody, PickBody, StartFlowBody};
use crate::http::json::JsonBody;
use crate::http::{ApiError, HttpState};
use crate::linking::{FlowStep, StartOptions};

/// `POST /api/flows`
#[utoipa::path(post, path = "/api/flows", tag = "flows",
    request_body = StartFlowBody,
    responses((status = 200, description = "The first step: `{\"type\": \"external\", authorize_url, ...}`, `device` (with `\"device\": true`: `user_code`, `verification_uri`, ...; poll `GET /api/flows/{flow_id}`), `pick_implementation` (several credentials) or `abort` (`missing_credentials`, ...)", body = Object),
              (status = 400, description = "`invalid_format`, `invalid_input` (an input missing, unknown or refused), `no_device_flow`, or `registration_failed`", body = ErrorBody)))]
pub(crate) async fn start(
    State(state): State<HttpState>,
    JsonBody(body): JsonBody<StartFlowBody>,
) -> Result<Json<FlowStep>, ApiError> {
    if body.domain.is_empty() {
        return Err(ApiError::invalid_format(
            "`domain` is empty; give the integration's domain, such as `spotify`",
        ));
    }
    let start = StartOptions::user();
    let start = if body.device { start.device() } else { start };
    let start = if body.register {
        start.register()
    } else {
        start
    };
    let options = body
        .inputs
        .iter()
        .fold(start, |options, (name, value)| options.input(name, value));
    let step = state.app.flows().start(&body.domain, options).await?;
    Ok(Json(step))
}

/// `POST /api/flows/{flow_id}`
#[utoipa::path(post, path = "/api/flows/{flow_id}", tag = "flows",
    params(("flow_id" = String, Path, description = "The flow")),
    request_body = PickBody,
    responses((status = 200, description = "The next step (`external` or `abort`)", body = Object),
              (status = 400, description = "`unknown_implementation` or `invalid_format`", body = ErrorBody),
              (status = 404, description = "`unknown_flow`", body = ErrorBody)))]
pub(crate) async fn pick(
    State(state): State<HttpState>,
    Path(flow_id): Path<String>,
    JsonBody(body): JsonBody<PickBody>,
) -> Result<Json<FlowStep>, ApiError> {
    let step = state
        .app
        .flows()
        .pick(&flow_id, &body.implementation)
        .await?;
    Ok(Json(step))
}

/// `GET /api/flows/{flow_id}`
#[utoipa::path(get, path = "/api/flows/{flow_id}", tag = "flows",
    params(("flow_id" = String, Path, description = "The flow")),
    responses((status = 200, description = "The flow's last step; `create_entry` or `abort` once the callback came", body = Object),
              (status = 404, description = "`unknown_flow`", body = ErrorBody)))]
pub(crate) async fn status(
    State(state): State<HttpState>,
    Path(flow_id): Path<String>,
) -> Result<Json<FlowStep>, ApiError> {
    let step = state.app.flows().status(&flow_id).await?;
    Ok(Json(step))
}
