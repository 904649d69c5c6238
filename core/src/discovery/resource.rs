//! Finding the authorization server of a protected resource (an MCP server, say), in the order of
//! the MCP authorization specification:
//!
//! 1. the resource's RFC 9728 metadata, `GET` [`protected_resource_url`]: its `resource` must
//!    equal the URL asked for, and the first of its `authorization_servers` is the issuer;
//! 2. without such a document (HTTP 404), the issuer is the resource URL's origin;
//! 3. the issuer's RFC 8414 metadata is fetched and validated with [`fetch`]: its
//!    `issuer` must equal the one asked for, PKCE S256 must be offered.
//!
//! Every request goes through the [`TokenClient`]: no redirect is followed, bodies are capped at
//! [`MAX_METADATA_BYTES`].
//!
//! ```
//! use appcreds::discovery::resource::{origin_issuer, protected_resource_url};
//! use appcreds::Url;
//!
//! let server = Url::parse("https://mcp.example.com/v1/mcp").unwrap();
//! assert_eq!(
//!     protected_resource_url(&server).as_str(),
//!     "https://mcp.example.com/.well-known/oauth-protected-resource/v1/mcp"
//! );
//! assert_eq!(origin_issuer(&server).as_str(), "https://mcp.example.com/");
//! ```

use serde::Deserialize;
use url::Url;

use appcreds_rules::endpoint;

use super::{DiscoveryError, MAX_METADATA_BYTES, Metadata, fetch, well_known_url};
use crate::oauth::TokenClient;

/// The well-known path segment of RFC 9728 §3.
pub const WELL_KNOWN_RESOURCE: &str = "/.well-known/oauth-protected-resource";

/// The fields of an RFC 9728 protected-resource metadata document that appcreds uses.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProtectedResource {
    /// The resource identifier; equal to the URL the document was fetched for.
    pub resource: String,
    /// The issuers of the authorization servers that protect it.
    #[serde(default)]
    pub authorization_servers: Vec<String>,
}

/// The metadata URL of `resource` (RFC 9728 §3.1): the well-known segment goes between the host
/// and the resource's path.
pub fn protected_resource_url(resource: &Url) -> Url {
    well_known_url(resource, WELL_KNOWN_RESOURCE)
}

/// The issuer assumed when a resource publishes no metadata: its origin, path dropped.
pub fn origin_issuer(resource: &Url) -> Url {
    let mut issuer = resource.clone();
    issuer.set_path("/");
    issuer.set_query(None);
    issuer.set_fragment(None);
    issuer
}

/// Fetches the RFC 9728 metadata of `resource`: `None` when the server answers 404 (it publishes
/// none), the validated document on 200 (its `resource` equal to the one asked for), an error
/// otherwise (a redirect included).
pub async fn fetch_protected_resource(
    client: &TokenClient,
    resource: &Url,
) -> Result<Option<ProtectedResource>, DiscoveryError> {
    let (status, body) = client
        .get_json(&protected_resource_url(resource), MAX_METADATA_BYTES)
        .await
        .map_err(|error| DiscoveryError::Fetch {
            issuer: resource.to_string(),
            reason: error.to_string(),
        })?;
    match status {
        404 => Ok(None),
        200 => parse_protected_resource(&body, resource).map(Some),
        status => Err(DiscoveryError::Status {
            issuer: resource.to_string(),
            status,
        }),
    }
}

/// Parses a protected-resource document fetched for `resource`, checking its `resource`.
pub fn parse_protected_resource(
    body: &[u8],
    resource: &Url,
) -> Result<ProtectedResource, DiscoveryError> {
    if body.len() > MAX_METADATA_BYTES {
        return Err(DiscoveryError::TooLarge { len: body.len() });
    }
    let document: ProtectedResource =
        serde_json::from_slice(body).map_err(|e| DiscoveryError::Json {
            reason: e.to_string(),
        })?;
    if document.resource.trim_end_matches('/') != resource.as_str().trim_end_matches('/') {
        return Err(DiscoveryError::ResourceMismatch {
            expected: resource.to_string(),
            found: document.resource,
        });
    }
    Ok(document)
}

/// The issuer of the authorization server protecting `resource`: the first of its metadata's
/// `authorization_servers`, else (no metadata, or an empty list) [`origin_issuer`]. A named
/// issuer must be an acceptable endpoint (https, or http on a loopback host).
pub async fn issuer_of(client: &TokenClient, resource: &Url) -> Result<Url, DiscoveryError> {
    endpoint::validate(resource.as_str()).map_err(|error| DiscoveryError::Endpoint {
        field: "resource",
        error,
    })?;
    let named = fetch_protected_resource(client, resource)
        .await?
        .and_then(|document| document.authorization_servers.into_iter().next());
    match named {
        Some(issuer) => endpoint::validate(&issuer).map_err(|error| DiscoveryError::Endpoint {
            field: "authorization_servers",
            error,
        }),
        None => Ok(origin_issuer(resource)),
    }
}

/// The validated RFC 8414 metadata of the authorization server protecting `resource`
/// ([`issuer_of`], then [`fetch`]).
pub async fn discover(client: &TokenClient, resource: &Url) -> Result<Metadata, DiscoveryError> {
    let issuer = issuer_of(client, resource).await?;
    fetch(client, &issuer).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource() -> Url {
        Url::parse("https://mcp.example.com/mcp").unwrap()
    }

    #[test]
    fn a_document_must_name_the_resource_it_was_fetched_for() {
        let good = br#"{"resource": "https://mcp.example.com/mcp", "authorization_servers": ["https://auth.example.com"]}"#;
        let document = parse_protected_resource(good, &resource()).unwrap();
        assert_eq!(document.authorization_servers, ["https://auth.example.com"]);
        let other = br#"{"resource": "https://evil.example.com/mcp"}"#;
        assert!(matches!(
            parse_protected_resource(other, &resource()),
            Err(DiscoveryError::ResourceMismatch { .. })
        ));
        assert!(matches!(
            parse_protected_resource(b"[]", &resource()),
            Err(DiscoveryError::Json { .. })
        ));
    }

    #[test]
    fn the_origin_is_the_fallback_issuer() {
        let url = Url::parse("http://127.0.0.1:9/a/b?x=1").unwrap();
        assert_eq!(origin_issuer(&url).as_str(), "http://127.0.0.1:9/");
    }
}
