//! `GET /api/application_credentials/config`: which integrations take credentials, and what to
//! tell the user when adding one.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;

use super::schema::{ConfigBody, IntegrationConfig};
use crate::http::{ApiError, HttpState};

/// Every integration's title, description and placeholders (with `redirect_url`).
pub(crate) async fn integration_configs(
    state: &HttpState,
) -> Result<BTreeMap<String, IntegrationConfig>, ApiError> {
    let ctx = state.app.context();
    let mut integrations = BTreeMap::new();
    for integration in state.app.registry().iter() {
        let placeholders = match integration.placeholders(ctx).await {
            Ok(placeholders) => placeholders,
            Err(error) => {
                tracing::warn!(domain = integration.domain(), %error, "placeholders unavailable");
                crate::Placeholders::new().with("redirect_url", ctx.redirect_uri().as_str())
            }
        };
        let (device_flow, dynamic_registration) =
            match integration.authorization_server(ctx).await {
                Ok(Some(server)) => (
                    server.options.device_authorization_url.is_some(),
                    server.options.dynamic_registration,
                ),
                // A server discovered per account from a URL input (`mcp`) may register a client.
                Ok(None) => (
                    false,
                    integration.inputs(ctx).await.is_ok_and(|inputs| {
                        inputs.iter().any(|i| i.kind() == crate::InputKind::Url)
                    }),
                ),
                Err(_) => (false, false),
            };
        integrations.insert(
            integration.domain().to_owned(),
            IntegrationConfig {
                title: integration.title().to_owned(),
                description: integration.description().map(str::to_owned),
                description_placeholders: placeholders,
                device_flow,
                dynamic_registration,
            },
        );
    }
    Ok(integrations)
}

/// `GET /api/application_credentials/config`
#[utoipa::path(get, path = "/api/application_credentials/config", tag = "application_credentials",
    responses((status = 200, body = ConfigBody)))]
pub(crate) async fn config(State(state): State<HttpState>) -> Result<Json<ConfigBody>, ApiError> {
    let integrations = integration_configs(&state).await?;
    Ok(Json(ConfigBody {
        domains: integrations.keys().cloned().collect(),
        integrations,
    }))
}
