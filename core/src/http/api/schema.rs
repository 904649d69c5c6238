//! The API's request and response bodies, as the OpenAPI document describes them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::accounts::{AccountItem, RemovedAccount};
pub use crate::credentials::CredentialItem;
pub use crate::oauth::Revocation;
pub use crate::store::AccountRef;

/// `{"error": {"code", "message", "accounts"?}}`: every API error, exactly.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// An error's code and message.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `invalid_format`, `invalid_input`, `duplicate`, `not_found`, `in_use`,
    /// `invalid_config_entry_id`, `unauthorized`, `csrf_failed`, `unknown_flow`,
    /// `unknown_implementation`, `needs_reauth`, `refresh_failed`, `payload_too_large`,
    /// `method_not_allowed`, `oauth_implementation_unavailable`, `internal_error`, ...
    #[schema(min_length = 1)]
    pub code: String,
    /// What happened and how to fix it.
    #[schema(min_length = 1)]
    pub message: String,
    /// For `in_use`: the accounts that use the credential (at least one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(min_items = 1)]
    pub accounts: Vec<AccountRef>,
}

/// `POST /api/application_credentials` (no `Debug`: it holds the secret)
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCredentialBody {
    /// The integration.
    #[schema(min_length = 1)]
    pub domain: String,
    /// The client id created at the provider.
    #[schema(min_length = 1)]
    pub client_id: String,
    /// The client secret created at the provider (never returned). Optional (absent or empty)
    /// for the domains whose server is a public client; required for every other.
    #[serde(default)]
    pub client_secret: String,
    /// A display name.
    #[serde(default)]
    pub name: Option<String>,
}

/// `PATCH /api/application_credentials/{id}`: rename and/or rotate the secret, at least one of
/// them (no `Debug`: it may hold the secret).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCredentialBody {
    /// A new name; `null` removes the name; absent leaves it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    /// A new client secret (never `null`; absent leaves it).
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = String)]
    pub client_secret: Option<String>,
}

/// Distinguishes an absent field (outer `None`) from `null` (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A field that may be absent but not `null`.
fn not_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
}

/// `GET /api/application_credentials/config_entry/{entry_id}`
#[derive(Debug, Serialize, ToSchema)]
pub struct ConfigEntryCredential {
    /// The credential the account uses, if it still exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_credentials_id: Option<String>,
}

/// An integration in `GET /api/application_credentials/config`.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationConfig {
    /// The human name.
    pub title: String,
    /// The credential-dialog description (Markdown with `{placeholders}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The placeholder values; `redirect_url` is always there.
    #[schema(value_type = Object)]
    pub description_placeholders: crate::Placeholders,
    /// Whether its declared server offers the device flow (RFC 8628): accounts can be linked by
    /// entering a code at the provider (`POST /api/flows` with `"device": true`). Left out when not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub device_flow: bool,
    /// Whether a client may be registered automatically (RFC 7591) instead of bringing one
    /// (`POST /api/flows` with `"register": true`). Left out when not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dynamic_registration: bool,
}

/// `GET /api/application_credentials/config`
#[derive(Debug, Serialize, ToSchema)]
pub struct ConfigBody {
    /// The domains that take application credentials.
    pub domains: Vec<String>,
    /// Per domain: title, description, placeholders.
    pub integrations: std::collections::BTreeMap<String, IntegrationConfig>,
}

/// `POST /api/flows`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartFlowBody {
    /// The integration to link an account of.
    #[schema(min_length = 1)]
    pub domain: String,
    /// The account's input values, for integrations that declare inputs (Nest's `project_id`,
    /// OneDrive for Business' `tenant_id`, MCP's `server_url`); refused as `invalid_input` when
    /// missing, unknown or not matching the declared pattern.
    #[serde(default)]
    pub inputs: std::collections::BTreeMap<String, String>,
    /// Link with the device authorization grant (RFC 8628): the step is `device`, with the code
    /// the user enters at the provider; `GET /api/flows/{flow_id}` polls until it ends.
    #[serde(default)]
    pub device: bool,
    /// Register a client at the provider (RFC 7591), or reuse the one registered there before,
    /// instead of using a stored credential; refused as `registration_failed` with the reason.
    #[serde(default)]
    pub register: bool,
}

/// `POST /api/flows/{flow_id}`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickBody {
    /// The credential picked: an `id` of the step's `implementations`.
    #[schema(min_length = 1)]
    pub implementation: String,
}

/// `PATCH /api/config_entries/{id}`: move the account to another credential of its domain.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveAccountBody {
    /// The credential the account should use from now on.
    #[schema(min_length = 1)]
    pub application_credentials_id: String,
}

/// `POST /api/config_entries/{id}/token`: the only response that carries a token.
#[derive(Serialize, ToSchema)]
pub struct TokenBody {
    /// A fresh access token.
    pub access_token: String,
    /// Usually `Bearer`.
    pub token_type: String,
    /// When it expires (seconds since the Unix epoch), if known.
    pub expires_at: Option<u64>,
}

/// `POST /api/config_entries/{id}/token` options.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequestBody {
    /// Refresh even if the token is still fresh.
    #[serde(default)]
    pub force_refresh: bool,
}
