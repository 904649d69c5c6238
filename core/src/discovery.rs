//! Authorization server metadata (RFC 8414): where to fetch it, and how to turn the document into an
//! [`AuthorizationServer`], validated.
//!
//! [`fetch`] gets the document of an issuer over HTTP with a [`TokenClient`] (no redirects followed,
//! the client's timeouts, at most [`MAX_METADATA_BYTES`]) and validates it with [`parse`]; an
//! `#[auth_implementation]` (MCP's, say) can call it, or fetch [`metadata_url`] itself and hand
//! the body to [`parse`].
//!
//! ```
//! use appcreds::discovery::{metadata_url, parse};
//! use appcreds::{ClientAuth, Url};
//!
//! let issuer = Url::parse("https://auth.example.com/tenant1").unwrap();
//! assert_eq!(
//!     metadata_url(&issuer).as_str(),
//!     "https://auth.example.com/.well-known/oauth-authorization-server/tenant1"
//! );
//! let body = r#"{
//!     "issuer": "https://auth.example.com/tenant1",
//!     "authorization_endpoint": "https://auth.example.com/tenant1/authorize",
//!     "token_endpoint": "https://auth.example.com/tenant1/token",
//!     "response_types_supported": ["code"],
//!     "code_challenge_methods_supported": ["S256"],
//!     "token_endpoint_auth_methods_supported": ["client_secret_basic"]
//! }"#;
//! let metadata = parse(body.as_bytes(), &issuer).unwrap();
//! let server = metadata.authorization_server().validate().unwrap();
//! assert_eq!(server.client_auth(), ClientAuth::ClientSecretBasic);
//! assert_eq!(server.issuer(), Some("https://auth.example.com/tenant1"));
//! ```

use serde::Deserialize;
use thiserror::Error;
use url::Url;

use appcreds_rules::endpoint::{self, EndpointError};
use appcreds_rules::provider_text::Escaped;

use crate::oauth::TokenClient;
use crate::{AuthorizationServer, ClientAuth};

pub mod resource;

/// The well-known path segment of RFC 8414 §3.
pub const WELL_KNOWN: &str = "/.well-known/oauth-authorization-server";

/// The largest metadata document accepted, in bytes.
pub const MAX_METADATA_BYTES: usize = 64 * 1024;

/// The metadata URL of `issuer` (RFC 8414 §3.1): the well-known segment goes between the host and
/// the issuer's path.
pub fn metadata_url(issuer: &Url) -> Url {
    well_known_url(issuer, WELL_KNOWN)
}

/// `url` with `segment` inserted between the host and its path, query and fragment dropped (the
/// construction of RFC 8414 §3.1 and RFC 9728 §3.1).
pub(crate) fn well_known_url(url: &Url, segment: &str) -> Url {
    let mut well_known = url.clone();
    let path = url.path().trim_end_matches('/');
    well_known.set_path(&format!("{segment}{path}"));
    well_known.set_query(None);
    well_known.set_fragment(None);
    well_known
}

/// The fields of an RFC 8414 metadata document that appcreds uses.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Metadata {
    /// The issuer identifier; equal to the one the document was fetched for.
    pub issuer: String,
    /// The authorize endpoint.
    pub authorization_endpoint: String,
    /// The token endpoint.
    pub token_endpoint: String,
    /// Supported `response_type` values (`code` is required when present).
    #[serde(default)]
    pub response_types_supported: Option<Vec<String>>,
    /// Supported PKCE methods; must include `S256`.
    #[serde(default)]
    pub code_challenge_methods_supported: Option<Vec<String>>,
    /// Supported client authentication methods (default `client_secret_basic`, RFC 8414 §2).
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
    /// Scopes the server supports, if it says.
    #[serde(default)]
    pub scopes_supported: Option<Vec<String>>,
    /// The dynamic client registration endpoint (RFC 7591), if any.
    #[serde(default)]
    pub registration_endpoint: Option<String>,
    /// The token revocation endpoint (RFC 7009), if any.
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
    /// The device authorization endpoint (RFC 8628), if any.
    #[serde(default)]
    pub device_authorization_endpoint: Option<String>,
    /// Whether the server sends `iss` in authorization responses (RFC 9207).
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
}

/// Why a metadata document was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DiscoveryError {
    /// Larger than [`MAX_METADATA_BYTES`].
    #[error("the metadata document is {len} bytes; at most {MAX_METADATA_BYTES} are accepted")]
    TooLarge {
        /// Its size.
        len: usize,
    },
    /// Not JSON, or a required field is missing or of the wrong type.
    #[error(
        "the metadata document is not valid RFC 8414 JSON: {}",
        Escaped(reason)
    )]
    Json {
        /// The parser's message.
        reason: String,
    },
    /// `issuer` differs from the issuer the document was fetched for (RFC 8414 §3.3).
    #[error(
        "the metadata names issuer `{}` but was fetched for `{expected}`; refusing it (RFC 8414 §3.3)",
        Escaped(found)
    )]
    IssuerMismatch {
        /// The issuer asked for.
        expected: String,
        /// The issuer in the document.
        found: String,
    },
    /// An endpoint (or the issuer) is not an acceptable URL.
    #[error("`{field}`: {error}")]
    Endpoint {
        /// The field.
        field: &'static str,
        /// Why.
        error: EndpointError,
    },
    /// The issuer has a query or fragment (RFC 8414 §2).
    #[error(
        "the issuer `{}` has a query or fragment; RFC 8414 §2 forbids both",
        Escaped(issuer)
    )]
    IssuerShape {
        /// The issuer.
        issuer: String,
    },
    /// The server does not do the authorization code flow.
    #[error("`response_types_supported` does not include `code`")]
    NoCodeFlow,
    /// The server does not support PKCE S256 (required by OAuth 2.1 and the MCP profile).
    #[error(
        "`code_challenge_methods_supported` does not include `S256`; PKCE S256 is required, refusing the server"
    )]
    NoPkce,
    /// The metadata could not be fetched: no answer, a timeout, or a body over the size cap.
    #[error("fetching the metadata of `{issuer}` failed: {}", Escaped(reason))]
    Fetch {
        /// The issuer asked for.
        issuer: String,
        /// Why (never the body).
        reason: String,
    },
    /// The metadata URL answered with another status than 200; redirects are never followed.
    #[error(
        "the metadata URL of `{issuer}` answered HTTP {status}; expected 200 (redirects are not followed)"
    )]
    Status {
        /// The issuer asked for.
        issuer: String,
        /// The status.
        status: u16,
    },
    /// The protected-resource metadata names another resource than the one it was fetched for
    /// (RFC 9728 §3.3).
    #[error(
        "the protected-resource metadata names resource `{}` but was fetched for `{expected}`; refusing it (RFC 9728 §3.3)",
        Escaped(found)
    )]
    ResourceMismatch {
        /// The resource asked for.
        expected: String,
        /// The resource in the document.
        found: String,
    },
    /// None of the client authentication methods appcreds implements is supported.
    #[error(
        "`token_endpoint_auth_methods_supported` has none of `client_secret_post`, `client_secret_basic`, `none`"
    )]
    NoClientAuth,
}

/// Parses and validates a metadata document fetched for `issuer`, collecting the first problem
/// found: size, JSON shape, issuer equality, endpoint URLs, the code flow, PKCE S256, and a usable
/// client authentication method.
pub fn parse(body: &[u8], issuer: &Url) -> Result<Metadata, DiscoveryError> {
    if body.len() > MAX_METADATA_BYTES {
        return Err(DiscoveryError::TooLarge { len: body.len() });
    }
    let metadata: Metadata = serde_json::from_slice(body).map_err(|e| DiscoveryError::Json {
        reason: e.to_string(),
    })?;
    metadata.validate(issuer)?;
    Ok(metadata)
}

/// Fetches and validates the metadata of `issuer` (RFC 8414 §3): `GET` [`metadata_url`] with
/// `client`, which follows no redirect and applies its timeouts; a body over
/// [`MAX_METADATA_BYTES`] is refused unread; the document must pass [`parse`] (its `issuer` equal
/// to the one asked for, https endpoints, the code flow, PKCE S256). The issuer itself must be an
/// acceptable endpoint (https, or http on a loopback host).
pub async fn fetch(client: &TokenClient, issuer: &Url) -> Result<Metadata, DiscoveryError> {
    endpoint::validate(issuer.as_str()).map_err(|error| DiscoveryError::Endpoint {
        field: "issuer",
        error,
    })?;
    let (status, body) = client
        .get_json(&metadata_url(issuer), MAX_METADATA_BYTES)
        .await
        .map_err(|error| DiscoveryError::Fetch {
            issuer: issuer.to_string(),
            reason: error.to_string(),
        })?;
    if status != 200 {
        return Err(DiscoveryError::Status {
            issuer: issuer.to_string(),
            status,
        });
    }
    parse(&body, issuer)
}

impl Metadata {
    /// Checks the document against the issuer it was fetched for.
    pub fn validate(&self, issuer: &Url) -> Result<(), DiscoveryError> {
        if !same_issuer(&self.issuer, issuer.as_str()) {
            return Err(DiscoveryError::IssuerMismatch {
                expected: issuer.to_string(),
                found: self.issuer.clone(),
            });
        }
        let parsed =
            endpoint::validate(&self.issuer).map_err(|error| DiscoveryError::Endpoint {
                field: "issuer",
                error,
            })?;
        if parsed.query().is_some() {
            return Err(DiscoveryError::IssuerShape {
                issuer: self.issuer.clone(),
            });
        }
        for (field, url) in [
            ("authorization_endpoint", &self.authorization_endpoint),
            ("token_endpoint", &self.token_endpoint),
        ] {
            endpoint::validate(url).map_err(|error| DiscoveryError::Endpoint { field, error })?;
        }
        for (field, url) in [
            ("revocation_endpoint", &self.revocation_endpoint),
            (
                "device_authorization_endpoint",
                &self.device_authorization_endpoint,
            ),
            ("registration_endpoint", &self.registration_endpoint),
        ] {
            if let Some(url) = url {
                endpoint::validate(url)
                    .map_err(|error| DiscoveryError::Endpoint { field, error })?;
            }
        }
        if self
            .response_types_supported
            .as_ref()
            .is_some_and(|types| !types.iter().any(|t| t == "code"))
        {
            return Err(DiscoveryError::NoCodeFlow);
        }
        if !self
            .code_challenge_methods_supported
            .as_ref()
            .is_some_and(|methods| methods.iter().any(|m| m == "S256"))
        {
            return Err(DiscoveryError::NoPkce);
        }
        self.client_auth().ok_or(DiscoveryError::NoClientAuth)?;
        Ok(())
    }

    /// The client authentication to use: `client_secret_post` when offered, else
    /// `client_secret_basic` (RFC 8414's default when the field is absent), else `none`.
    pub fn client_auth(&self) -> Option<ClientAuth> {
        let methods = match &self.token_endpoint_auth_methods_supported {
            None => return Some(ClientAuth::ClientSecretBasic),
            Some(methods) => methods,
        };
        [
            ClientAuth::ClientSecretPost,
            ClientAuth::ClientSecretBasic,
            ClientAuth::None,
        ]
        .into_iter()
        .find(|auth| methods.iter().any(|m| m == auth.as_str()))
    }

    /// The server these (validated) metadata describe: its endpoints (revocation, device
    /// authorization and registration too, when given), its issuer for the callback's `iss`
    /// check, PKCE on, and the client authentication of [`Metadata::client_auth`].
    pub fn authorization_server(&self) -> AuthorizationServer {
        let mut server =
            AuthorizationServer::new(&self.authorization_endpoint, &self.token_endpoint)
                .issuer(&self.issuer)
                .pkce(true);
        if let Some(url) = &self.revocation_endpoint {
            server = server.revocation_url(url);
        }
        if let Some(url) = &self.device_authorization_endpoint {
            server = server.device_authorization_url(url);
        }
        if let Some(url) = &self.registration_endpoint {
            server = server.registration_url(url);
        }
        match self.client_auth() {
            Some(ClientAuth::None) => server.public_client(),
            Some(auth) => server.client_auth(auth),
            None => server,
        }
    }
}

/// Issuer identifiers compare as strings, except that a trailing `/` added by URL parsing to an
/// empty path does not count.
fn same_issuer(found: &str, expected: &str) -> bool {
    found.trim_end_matches('/') == expected.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer() -> Url {
        Url::parse("https://auth.example.com").unwrap()
    }

    fn document(overrides: serde_json::Value) -> Vec<u8> {
        let mut doc = serde_json::json!({
            "issuer": "https://auth.example.com",
            "authorization_endpoint": "https://auth.example.com/authorize",
            "token_endpoint": "https://auth.example.com/token",
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"]
        });
        for (key, value) in overrides.as_object().unwrap() {
            doc[key] = value.clone();
        }
        serde_json::to_vec(&doc).unwrap()
    }

    #[test]
    fn well_known_url_for_a_host_issuer() {
        assert_eq!(
            metadata_url(&issuer()).as_str(),
            "https://auth.example.com/.well-known/oauth-authorization-server"
        );
    }

    #[test]
    fn a_good_document_becomes_a_valid_server() {
        let metadata = parse(&document(serde_json::json!({})), &issuer()).unwrap();
        let server = metadata.authorization_server().validate().unwrap();
        assert!(server.pkce());
        assert_eq!(server.client_auth(), ClientAuth::ClientSecretBasic);
        let public = parse(
            &document(serde_json::json!({"token_endpoint_auth_methods_supported": ["none"]})),
            &issuer(),
        )
        .unwrap()
        .authorization_server()
        .validate()
        .unwrap();
        assert!(public.public_client());
        let full = parse(
            &document(serde_json::json!({
                "revocation_endpoint": "https://auth.example.com/revoke",
                "device_authorization_endpoint": "https://auth.example.com/device",
                "registration_endpoint": "https://auth.example.com/register"
            })),
            &issuer(),
        )
        .unwrap()
        .authorization_server()
        .validate()
        .unwrap();
        assert_eq!(full.revocation_url().unwrap().path(), "/revoke");
        assert_eq!(full.device_authorization_url().unwrap().path(), "/device");
        assert_eq!(full.registration_url().unwrap().path(), "/register");
        assert!(!full.dynamic_registration(), "the integration decides");
    }

    #[test]
    fn refuses_bad_documents() {
        let cases = [
            (
                serde_json::json!({"issuer": "https://evil.example.com"}),
                "IssuerMismatch",
            ),
            (
                serde_json::json!({"token_endpoint": "http://auth.example.com/token"}),
                "Endpoint",
            ),
            (
                serde_json::json!({"authorization_endpoint": "https://auth.example.com/a#x"}),
                "Endpoint",
            ),
            (
                serde_json::json!({"response_types_supported": ["token"]}),
                "NoCodeFlow",
            ),
            (
                serde_json::json!({"code_challenge_methods_supported": ["plain"]}),
                "NoPkce",
            ),
            (
                serde_json::json!({"code_challenge_methods_supported": null}),
                "NoPkce",
            ),
            (
                serde_json::json!({"token_endpoint_auth_methods_supported": ["private_key_jwt"]}),
                "NoClientAuth",
            ),
            (serde_json::json!({"token_endpoint": 5}), "Json"),
            (
                serde_json::json!({"revocation_endpoint": "http://auth.example.com/revoke"}),
                "Endpoint",
            ),
        ];
        for (overrides, expected) in cases {
            let error = parse(&document(overrides.clone()), &issuer()).unwrap_err();
            assert!(
                format!("{error:?}").starts_with(expected),
                "{overrides}: {error:?}"
            );
        }
        assert!(matches!(
            parse(b"not json", &issuer()),
            Err(DiscoveryError::Json { .. })
        ));
        let huge = vec![b' '; MAX_METADATA_BYTES + 1];
        assert!(matches!(
            parse(&huge, &issuer()),
            Err(DiscoveryError::TooLarge { .. })
        ));
    }
}
