//! `GET /auth/external/callback`: the provider sends the browser back here. No authentication (the
//! state handle is the credential); the answer is a 303 to a clean result URL, so neither `code`
//! nor `state` stays in the address bar, the history or a `Referer`.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::HttpState;
use super::ui::pages;
use crate::linking::{CallbackQuery, FlowStep};

/// Where the result of flow `{flow_id}` is shown.
pub(crate) const RESULT_PATH: &str = "/auth/external/result";

pub(crate) fn routes() -> Router<HttpState> {
    Router::new()
        .route(crate::CALLBACK_PATH, get(callback))
        .route(&format!("{RESULT_PATH}/{{flow_id}}"), get(result))
        .route("/auth/external/failed/{code}", get(failed))
}

/// `GET /auth/external/callback?code&state[&iss]` or `?error&state`
#[utoipa::path(get, path = "/auth/external/callback", tag = "oauth", security(()),
    params(("code" = Option<String>, Query, description = "The authorization code"),
           ("state" = String, Query, description = "The flow's state handle"),
           ("iss" = Option<String>, Query, description = "The issuer (RFC 9207)"),
           ("error" = Option<String>, Query, description = "The provider's error")),
    responses((status = 303, description = "To `/auth/external/result/{flow_id}` (or `/auth/external/failed/{code}`): an HTML page with the outcome")))]
pub(crate) async fn callback(
    State(state): State<HttpState>,
    RawQuery(query): RawQuery,
) -> Response {
    let query = CallbackQuery::parse(query.as_deref().unwrap_or_default());
    match state.app.flows().callback(&query).await {
        Ok(step) => match flow_id(&step) {
            Some(flow_id) => Redirect::to(&format!("{RESULT_PATH}/{flow_id}")).into_response(),
            None => pages::flow_result(&state, &step, StatusCode::OK),
        },
        Err(error) => {
            tracing::info!(code = error.code(), %error, "callback refused");
            Redirect::to(&format!("/auth/external/failed/{}", error.code())).into_response()
        }
    }
}

fn flow_id(step: &FlowStep) -> Option<&str> {
    match step {
        FlowStep::PickImplementation { flow_id, .. }
        | FlowStep::External { flow_id, .. }
        | FlowStep::Authorizing { flow_id, .. }
        | FlowStep::Device { flow_id, .. }
        | FlowStep::CreateEntry { flow_id, .. } => Some(flow_id),
        FlowStep::Abort { flow_id, .. } => flow_id.as_deref(),
    }
}

/// The outcome of a flow, for whoever holds its (unguessable) id.
async fn result(State(state): State<HttpState>, Path(flow_id): Path<String>) -> Response {
    match state.app.flows().status(&flow_id).await {
        Ok(step) => pages::flow_result(&state, &step, StatusCode::OK),
        Err(_) => pages::callback_failed(
            "unknown_flow",
            state.config.standalone,
            StatusCode::NOT_FOUND,
        ),
    }
}

/// A callback that resumed no flow.
async fn failed(State(state): State<HttpState>, Path(code): Path<String>) -> Response {
    pages::callback_failed(&code, state.config.standalone, StatusCode::BAD_REQUEST)
}
