//! The JSON API under `/api` (DESIGN §6): application credentials, flows, linked accounts
//! (config entries), a token route for scripts, and the OpenAPI document.

pub(crate) mod accounts;
pub(crate) mod config;
pub(crate) mod credentials;
pub(crate) mod flows;
pub mod schema;

use axum::Router;
use axum::routing::{get, post};

use super::HttpState;

/// Every `/api` route (authentication is added by the caller).
pub(crate) fn routes() -> Router<HttpState> {
    Router::new()
        .route("/api/application_credentials/config", get(config::config))
        .route(
            "/api/application_credentials",
            get(credentials::list).post(credentials::create),
        )
        .route(
            "/api/application_credentials/{id}",
            axum::routing::patch(credentials::update).delete(credentials::delete),
        )
        .route(
            "/api/application_credentials/config_entry/{entry_id}",
            get(credentials::for_config_entry),
        )
        .route("/api/flows", post(flows::start))
        .route("/api/flows/{flow_id}", post(flows::pick).get(flows::status))
        .route("/api/config_entries", get(accounts::list))
        .route(
            "/api/config_entries/{id}",
            axum::routing::delete(accounts::delete).patch(accounts::update),
        )
        .route("/api/config_entries/{id}/reauth", post(accounts::reauth))
        .route("/api/config_entries/{id}/token", post(accounts::token))
        .route("/api/openapi.json", get(openapi_json))
}

/// `GET /api/openapi.json`: the generated document, completed with the linked integrations.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "This API's OpenAPI 3 document", body = Object)))]
pub(crate) async fn openapi_json(
    axum::extract::State(state): axum::extract::State<HttpState>,
) -> impl axum::response::IntoResponse {
    let json = state
        .openapi_json
        .get_or_init(|| async {
            let document = super::served_contract::served_document(&state.app).await;
            axum::body::Bytes::from(serde_json::to_vec(&document).unwrap_or_default())
        })
        .await;
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        json.clone(),
    )
}
