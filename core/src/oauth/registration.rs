//! Dynamic client registration (RFC 7591): the request appcreds sends to a server's registration
//! endpoint, and the client it gets back ([`RegisteredClient`]).
//!
//! appcreds registers a **public client with PKCE** (`token_endpoint_auth_method=none`) when the
//! server accepts one, else a **confidential** client with the client authentication the server
//! offers (`client_secret_post`, else `client_secret_basic`), for the authorization-code and
//! refresh grants (and the device grant when the server has the endpoint), with the exact redirect
//! URI of this host.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;
use thiserror::Error;
use url::Url;

use super::device::DEVICE_CODE_GRANT;
use super::token_client::TokenClient;
use super::token_response::provider_error;
use crate::{ClientAuth, ClientCredential};

/// What to register.
#[derive(Debug, Clone)]
pub struct RegistrationRequest {
    /// The registration endpoint.
    pub endpoint: Url,
    /// The redirect URI of this host (the callback).
    pub redirect_uri: Url,
    /// How the client will authenticate: [`ClientAuth::None`] for a public client.
    pub client_auth: ClientAuth,
    /// Ask for the device grant too.
    pub device_grant: bool,
    /// The client's name, shown by the server on its consent page.
    pub client_name: String,
}

impl RegistrationRequest {
    /// The client metadata document (RFC 7591 §2).
    pub fn metadata(&self) -> serde_json::Value {
        let mut grant_types = vec!["authorization_code", "refresh_token"];
        if self.device_grant {
            grant_types.push(DEVICE_CODE_GRANT);
        }
        json!({
            "client_name": self.client_name,
            "redirect_uris": [self.redirect_uri.as_str()],
            "grant_types": grant_types,
            "response_types": ["code"],
            "token_endpoint_auth_method": self.client_auth.as_str(),
        })
    }
}

/// The client a server registered (RFC 7591 §3.2.1). Its secret and registration access token
/// are secrets: `Debug` shows neither.
#[derive(Clone)]
pub struct RegisteredClient {
    /// The client id.
    pub client_id: String,
    /// The client secret; empty for a public client.
    pub client_secret: SecretString,
    /// The method the server registered (it may differ from the one asked for).
    pub client_auth: ClientAuth,
    /// The token that manages the registration (RFC 7592), when given.
    pub registration_access_token: Option<SecretString>,
    /// Where the registration is managed (RFC 7592), when given.
    pub registration_client_uri: Option<Url>,
}

impl RegisteredClient {
    /// The client as a credential appcreds can use.
    pub fn credential(&self) -> ClientCredential {
        ClientCredential::new(
            self.client_id.clone(),
            self.client_secret.expose_secret().to_owned(),
        )
    }
}

impl fmt::Debug for RegisteredClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisteredClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("client_auth", &self.client_auth.as_str())
            .field(
                "registration_access_token",
                &self
                    .registration_access_token
                    .as_ref()
                    .map(|_| "[redacted]"),
            )
            .field(
                "registration_client_uri",
                &self.registration_client_uri.as_ref().map(Url::as_str),
            )
            .finish()
    }
}

/// Why no client was registered. Messages never hold a secret.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RegistrationError {
    /// The server refused the registration (RFC 7591 §3.2.2).
    #[error(
        "the authorization server refused to register a client (HTTP {status}: {}); bring your own client instead",
        error.as_deref().unwrap_or("no reason given")
    )]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The server's `error` and `error_description`, when given.
        error: Option<String>,
    },
    /// The request did not get an answer.
    #[error("registering a client failed: {reason}; try again later or bring your own client")]
    Unavailable {
        /// Why.
        reason: String,
    },
    /// The answer is not a usable registration.
    #[error("the registration answer is unusable: {reason}")]
    Malformed {
        /// What is wrong, naming the field.
        reason: String,
    },
    /// The server would need a client authentication appcreds does not implement.
    #[error(
        "the server registered the client for `{method}`, which appcreds does not implement; bring your own client instead"
    )]
    UnsupportedAuth {
        /// The method.
        method: String,
    },
}

#[derive(Deserialize)]
struct Wire {
    client_id: String,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    token_endpoint_auth_method: Option<String>,
    #[serde(default)]
    registration_access_token: Option<String>,
    #[serde(default)]
    registration_client_uri: Option<String>,
}

/// Registers a client as `request` says (RFC 7591 §3.1) through `client`.
pub async fn register(
    client: &TokenClient,
    request: &RegistrationRequest,
) -> Result<RegisteredClient, RegistrationError> {
    let body = SecretString::from(request.metadata().to_string());
    let (status, body) = client
        .post_json(&request.endpoint, body)
        .await
        .map_err(|error| RegistrationError::Unavailable {
            reason: error.to_string(),
        })?;
    parse(status, &body, request.client_auth)
}

/// Reads a registration answer: `201` (or any 2xx) with the client, or the server's refusal.
pub(crate) fn parse(
    status: u16,
    body: &[u8],
    asked: ClientAuth,
) -> Result<RegisteredClient, RegistrationError> {
    if !(200..300).contains(&status) {
        let provider = provider_error(body);
        let error = match (provider.error, provider.description) {
            (Some(e), Some(d)) => Some(format!("{e}: {d}")),
            (e, d) => e.or(d),
        };
        return Err(RegistrationError::Refused { status, error });
    }
    let malformed = |reason: String| RegistrationError::Malformed { reason };
    let wire: Wire = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("not an RFC 7591 client information response: {e}")))?;
    let method = wire
        .token_endpoint_auth_method
        .unwrap_or_else(|| asked.as_str().to_owned());
    let client_auth = [
        ClientAuth::None,
        ClientAuth::ClientSecretPost,
        ClientAuth::ClientSecretBasic,
    ]
    .into_iter()
    .find(|auth| auth.as_str() == method)
    .ok_or(RegistrationError::UnsupportedAuth { method })?;
    let secret = wire.client_secret.unwrap_or_default();
    if client_auth != ClientAuth::None && secret.is_empty() {
        return Err(malformed(
            "a confidential client was registered without a `client_secret`".to_owned(),
        ));
    }
    if wire.client_id.is_empty() {
        return Err(malformed("`client_id` is empty".to_owned()));
    }
    let registration_client_uri = wire
        .registration_client_uri
        .map(|uri| {
            appcreds_rules::endpoint::validate(&uri)
                .map_err(|e| malformed(format!("`registration_client_uri`: {e}")))
        })
        .transpose()?;
    Ok(RegisteredClient {
        client_id: wire.client_id,
        client_secret: SecretString::from(secret),
        client_auth,
        registration_access_token: wire.registration_access_token.map(SecretString::from),
        registration_client_uri,
    })
}

/// The client authentication to register with, from the methods a server supports (its metadata's
/// `token_endpoint_auth_methods_supported`; RFC 8414's default `client_secret_basic` without one):
/// a public client when `none` is offered, else `client_secret_post`, else `client_secret_basic`.
pub fn preferred_auth(supported: Option<&[String]>) -> Option<ClientAuth> {
    let Some(methods) = supported else {
        return Some(ClientAuth::ClientSecretBasic);
    };
    [
        ClientAuth::None,
        ClientAuth::ClientSecretPost,
        ClientAuth::ClientSecretBasic,
    ]
    .into_iter()
    .find(|auth| methods.iter().any(|m| m == auth.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_first_then_confidential() {
        let methods = |m: &[&str]| m.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let all = methods(&["client_secret_basic", "none"]);
        assert_eq!(preferred_auth(Some(&all)), Some(ClientAuth::None));
        let confidential = methods(&["client_secret_basic", "client_secret_post"]);
        assert_eq!(
            preferred_auth(Some(&confidential)),
            Some(ClientAuth::ClientSecretPost)
        );
        assert_eq!(preferred_auth(None), Some(ClientAuth::ClientSecretBasic));
        assert_eq!(preferred_auth(Some(&methods(&["private_key_jwt"]))), None);
    }

    #[test]
    fn reads_answers_and_refusals() {
        let body = br#"{"client_id":"c1","client_secret":"s3cret","token_endpoint_auth_method":"client_secret_basic",
            "registration_access_token":"rat","registration_client_uri":"https://as.example/reg/c1"}"#;
        let client = parse(201, body, ClientAuth::ClientSecretPost).unwrap();
        assert_eq!(client.client_auth, ClientAuth::ClientSecretBasic);
        let printed = format!("{client:?}");
        assert!(
            !printed.contains("s3cret") && !printed.contains("rat\""),
            "{printed}"
        );
        let refused =
            br#"{"error":"invalid_client_metadata","error_description":"none is not allowed"}"#;
        let error = parse(400, refused, ClientAuth::None).unwrap_err();
        assert!(error.to_string().contains("none is not allowed"), "{error}");
        let no_secret = br#"{"client_id":"c1","token_endpoint_auth_method":"client_secret_post"}"#;
        assert!(matches!(
            parse(201, no_secret, ClientAuth::ClientSecretPost),
            Err(RegistrationError::Malformed { .. })
        ));
    }
}
