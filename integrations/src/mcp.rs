//! Model Context Protocol. There is no fixed server: each account names its MCP server with the
//! per-account URL input `server_url`, and the authorization server is discovered from it when the
//! implementation is built, in the MCP authorization specification's order
//! ([`appcreds::discovery::resource`]):
//!
//! 1. the server's RFC 9728 protected-resource metadata
//!    (`/.well-known/oauth-protected-resource` + the URL's path), whose `resource` must be the
//!    server URL; the first of its `authorization_servers` is the issuer, which may be another host;
//! 2. without that document (HTTP 404), the server URL's origin is the issuer;
//! 3. the issuer's RFC 8414 metadata (`/.well-known/oauth-authorization-server`), whose `issuer`
//!    must equal it and which must offer PKCE S256 (mandatory in the MCP OAuth profile).
//!
//! No redirect is followed and documents are size-capped. The implementation is a
//! [`LocalImplementation`] with PKCE on, the discovered issuer checked against the callback's
//! `iss` (RFC 9207), and the client authentication the metadata offers (post, else Basic, else a
//! public client). The engine checks `server_url` before calling (an absolute `https` URL, `http`
//! only on a loopback host, no user information or fragment); reauth and refresh reuse the
//! account's stored URL.
//!
//! The client is the user's application credential, or one appcreds registers at the discovered
//! server itself (RFC 7591, `StartOptions::register`, `appcreds link mcp --register`): an
//! integration whose server is known only per account allows dynamic registration. Not ported from
//! Home Assistant: the 2025-03-26 fallback to default endpoints (`/authorize`, `/token`) when no
//! metadata exists; a server without metadata is refused.

use appcreds::discovery::{self, DiscoveryError};
use appcreds::oauth::LocalImplementation;
use appcreds::prelude::*;
use appcreds::{EndpointError, Input, ServerError};
use thiserror::Error;

/// The per-account input naming the MCP server.
pub const SERVER_URL: &str = "server_url";

/// Why no MCP implementation could be built.
#[derive(Debug, Error)]
pub enum McpError {
    /// The flow or account carries no server URL.
    #[error("no MCP server URL: start the flow with `StartOptions::input(\"{SERVER_URL}\", url)`")]
    MissingServerUrl,
    /// The server URL is not an acceptable URL.
    #[error("the MCP server URL is not acceptable: {0}")]
    ServerUrl(#[from] EndpointError),
    /// Discovery failed (no metadata, issuer mismatch, no PKCE S256, ...).
    #[error("discovering the MCP server's authorization server failed: {0}")]
    Discovery(#[from] DiscoveryError),
    /// The host gave no HTTP client to discover the server with.
    #[error(
        "no HTTP client to discover the MCP server with: the host must call this implementation with a context that carries its token client (`Context::with_token_client`)"
    )]
    NoHttpClient,
    /// The discovered server is not valid.
    #[error(transparent)]
    Server(#[from] ServerError),
}

/// The implementation of `credential` at the authorization server discovered from the account's
/// MCP server URL.
#[auth_implementation(url_input = "server_url", category = "developer_tools")]
async fn auth_implementation(
    ctx: &Context,
    auth_domain: &str,
    credential: ClientCredential,
) -> Result<Box<dyn OAuth2Implementation>, McpError> {
    let server_url = ctx.input(SERVER_URL).ok_or(McpError::MissingServerUrl)?;
    let server_url = Input::check_url(server_url)?;
    let client = ctx.token_client().ok_or(McpError::NoHttpClient)?.clone();
    let metadata = discovery::resource::discover(&client, &server_url).await?;
    let implementation = LocalImplementation::new(
        auth_domain,
        metadata.authorization_server().pkce(true).validate()?,
        credential,
        client,
    )
    .with_redirect_uri(ctx.redirect_uri());
    Ok(Box::new(implementation))
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "docs_url",
        "https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization",
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn error_for(ctx: &Context) -> McpError {
        let credential = ClientCredential::new("id", "secret");
        match auth_implementation(ctx, "mcp", credential).await {
            Ok(_) => panic!("an implementation was built"),
            Err(error) => error,
        }
    }

    #[tokio::test]
    async fn without_an_acceptable_server_url_nothing_is_fetched() {
        let error = error_for(&Context::default()).await;
        assert!(matches!(error, McpError::MissingServerUrl), "{error}");

        let inputs = appcreds::AccountInputs::from([(
            SERVER_URL.to_owned(),
            "http://mcp.example.com/mcp".to_owned(),
        )]);
        let error = error_for(&Context::default().with_inputs(inputs)).await;
        assert!(matches!(error, McpError::ServerUrl(_)), "{error}");
    }
}
