//! The OpenAPI 3 document, generated from the handlers' `#[utoipa::path]` annotations.

use std::sync::OnceLock;

use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use super::api;

#[derive(OpenApi)]
#[openapi(
    info(title = "appcreds", description = "Application credentials and OAuth 2.0 account linking. Every route wants `Authorization: Bearer <admin token>` (or the page's session cookie plus `X-CSRF-Token`)."),
    paths(
        api::config::config,
        api::credentials::list,
        api::credentials::create,
        api::credentials::update,
        api::credentials::delete,
        api::credentials::for_config_entry,
        api::flows::start,
        api::flows::pick,
        api::flows::status,
        api::accounts::list,
        api::accounts::delete,
        api::accounts::update,
        api::accounts::reauth,
        api::accounts::token,
        api::openapi_json,
        super::callback::callback,
    ),
    security(("admin_token" = [])),
)]
struct ApiDoc;

/// The API's OpenAPI document (served at `/api/openapi.json`).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "admin_token",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
    doc
}

/// The document serialized once per process: `/api/openapi.json` answers these bytes.
pub(crate) fn openapi_json_bytes() -> &'static [u8] {
    static JSON: OnceLock<Vec<u8>> = OnceLock::new();
    JSON.get_or_init(|| serde_json::to_vec(&openapi()).expect("the OpenAPI document serializes"))
}
