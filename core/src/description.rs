//! [`IntegrationDescription`]: everything known about one integration, evaluated, for listings,
//! the HTTP API and the generated catalogue.

use serde::Serialize;

use crate::registry::{CallError, Integration, SourceLocation};
use crate::{AuthorizationServer, Context, Placeholders};

/// One integration, with its functions called: what `appcreds integrations --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct IntegrationDescription {
    /// The domain.
    pub domain: &'static str,
    /// The human name.
    pub title: String,
    /// The catalogue category (`category = ".."`); `null` when the integration declares none.
    pub category: Option<&'static str>,
    /// `authorization_server` or `auth_implementation`.
    pub kind: &'static str,
    /// Where the server or implementation function is (`file:line`).
    pub source: String,
    /// The declared server; `None` for a custom implementation.
    pub authorization_server: Option<AuthorizationServer>,
    /// The description from `strings.json`.
    pub description: Option<String>,
    /// The placeholder values, `redirect_url` included.
    pub description_placeholders: Placeholders,
    /// Where the placeholders function is, if there is one.
    pub placeholders_source: Option<String>,
    /// The URL input of a custom implementation (`url_input = "name"`, MCP's `server_url`); not
    /// serialized when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_input: Option<&'static str>,
}

impl Integration {
    /// Calls the integration's functions with `ctx` and gathers the results.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let registry = appcreds::Registry::discover();
    /// for integration in registry.iter() {
    ///     let description = integration.describe(&appcreds::Context::default()).await.unwrap();
    ///     println!("{}", serde_json::to_string(&description).unwrap());
    /// }
    /// # }
    /// ```
    pub async fn describe(&self, ctx: &Context) -> Result<IntegrationDescription, CallError> {
        let authorization_server = self.authorization_server(ctx).await?;
        Ok(IntegrationDescription {
            domain: self.domain(),
            title: self.title().to_owned(),
            category: self.category(),
            kind: if authorization_server.is_some() {
                "authorization_server"
            } else {
                "auth_implementation"
            },
            source: self.location().to_string(),
            authorization_server,
            description: self.description().map(str::to_owned),
            description_placeholders: self.placeholders(ctx).await?,
            placeholders_source: self
                .placeholders_location()
                .as_ref()
                .map(SourceLocation::to_string),
            url_input: self.url_input(),
        })
    }
}
