//! The OpenAPI 3 document, generated from the handlers' `#[utoipa::path]` annotations. The
//! answers every `/api` route shares (`401`, `403` on state-changing methods, `400`/`413` on routes
//! with a body, `404` on routes with a path parameter) are declared once, as components, and added
//! to each operation here; so are the constraints utoipa cannot derive.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    Components, ContentBuilder, OpenApi as Document, Ref, RefOr, Response, ResponseBuilder,
};
use utoipa::{Modify, OpenApi};

use super::api;

#[derive(OpenApi)]
#[openapi(
    info(title = "appcreds", description = "Application credentials and OAuth 2.0 account linking. Every route wants `Authorization: Bearer <admin token>` (or the page's session cookie plus `X-CSRF-Token`). Every error is an `ErrorBody`."),
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
    modifiers(&SharedAnswers),
)]
struct ApiDoc;

/// The API's OpenAPI document (served at `/api/openapi.json`).
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The shared answers, each declared once: (component name, status, codes it carries).
const UNAUTHORIZED: (&str, &str, &str) = (
    "Unauthorized",
    "401",
    "`unauthorized`: no or a wrong admin token, or no page session",
);
const CSRF_FAILED: (&str, &str, &str) = (
    "CsrfFailed",
    "403",
    "`csrf_failed`: a page caller sent no or a wrong CSRF token",
);
const INVALID_FORMAT: (&str, &str, &str) = (
    "InvalidFormat",
    "400",
    "`invalid_format`: the body (or a path parameter) is not what the route takes",
);
const TOO_LARGE: (&str, &str, &str) = (
    "PayloadTooLarge",
    "413",
    "`payload_too_large`: the body is over 64 KiB",
);
const NOT_FOUND: (&str, &str, &str) = ("NotFound", "404", "`not_found`: no such object (or route)");

/// Adds the shared answers, the admin-token scheme and the refused all-empty PATCH.
struct SharedAnswers;

impl Modify for SharedAnswers {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Components::default);
        components.add_security_scheme(
            "admin_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        for (name, _, description) in [
            UNAUTHORIZED,
            CSRF_FAILED,
            INVALID_FORMAT,
            TOO_LARGE,
            NOT_FOUND,
        ] {
            components
                .responses
                .insert(name.to_owned(), RefOr::T(error_response(description)));
        }
        // `{}` changes nothing and is refused: at least one of `name` and `client_secret`.
        if let Some(RefOr::T(Schema::Object(body))) =
            components.schemas.get_mut("UpdateCredentialBody")
        {
            body.min_properties = Some(1);
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            if !path.starts_with("/api/") {
                continue;
            }
            let operations = [
                (&mut item.get, false),
                (&mut item.post, true),
                (&mut item.patch, true),
                (&mut item.delete, true),
            ];
            for (operation, changes_state) in operations {
                if let Some(operation) = operation {
                    add_shared(operation, changes_state);
                }
            }
        }
    }
}

/// The shared answers `operation` can give.
fn add_shared(operation: &mut Operation, changes_state: bool) {
    let has_body = operation.request_body.is_some();
    let has_path_param = operation
        .parameters
        .iter()
        .flatten()
        .any(|p| p.parameter_in == ParameterIn::Path);
    let mut shared = vec![UNAUTHORIZED];
    if changes_state {
        shared.push(CSRF_FAILED);
    }
    if has_body || has_path_param {
        shared.push(INVALID_FORMAT);
    }
    if has_body {
        shared.push(TOO_LARGE);
    }
    if has_path_param {
        shared.push(NOT_FOUND);
    }
    for (name, status, _) in shared {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    }
}

/// A JSON `ErrorBody` answer.
fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}
