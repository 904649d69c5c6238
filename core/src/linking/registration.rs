//! Dynamic client registration (RFC 7591) in a flow: instead of asking the user to bring a client,
//! appcreds registers one at the server's registration endpoint, stores it as an (encrypted)
//! application credential bound to that issuer, and reuses it for later accounts on the same
//! server.
//!
//! Allowed for a declared server with [`dynamic_registration`](crate::AuthorizationServer::dynamic_registration)
//! (its registration endpoint declared, or found in its issuer's metadata), and for an integration
//! whose server is discovered per account from a URL input (`mcp`): nobody can have registered a
//! client in advance for a server known only when the account is linked.

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::flows::{FlowError, Flows};
use crate::discovery::{self, Metadata};
use crate::oauth::{RegistrationRequest, preferred_auth, register};
use crate::store::{AccountInputs, ApplicationCredential, RegisteredCredential};
use crate::{ClientAuth, InputKind, NewCredential};

/// Where and how to register: the issuer the client is bound to, and the request.
struct Target {
    issuer: String,
    request: RegistrationRequest,
}

impl Flows {
    /// The client appcreds registered for `domain` at the server these inputs lead to: reused
    /// when one was registered there before, else registered now and stored.
    pub async fn register_client(
        &self,
        domain: &str,
        inputs: &AccountInputs,
    ) -> Result<ApplicationCredential, FlowError> {
        let target = self.registration_target(domain, inputs).await?;
        let engine = &self.engine;
        for registered in engine.store.registered_credentials(&target.issuer).await? {
            if let Ok(credential) = engine.credentials.get(&registered.credential_id).await
                && credential.domain == domain
            {
                tracing::info!(domain, issuer = %target.issuer, credential = %credential.id, "reusing the registered client");
                return Ok(credential);
            }
        }
        let registered = register(&engine.client, &target.request)
            .await
            .map_err(|error| registration_error(domain, error.to_string()))?;
        let host = Url::parse(&target.issuer)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| target.issuer.clone());
        let credential = engine
            .credentials
            .create_registered(NewCredential {
                domain: domain.to_owned(),
                client_id: registered.client_id.clone(),
                client_secret: SecretString::from(
                    registered.client_secret.expose_secret().to_owned(),
                ),
                name: Some(format!("Registered at {host}")),
            })
            .await?;
        engine
            .store
            .insert_registered_credential(&RegisteredCredential {
                credential_id: credential.id.clone(),
                issuer: target.issuer.clone(),
                registration_access_token: registered.registration_access_token.clone(),
                registration_client_uri: registered
                    .registration_client_uri
                    .as_ref()
                    .map(|u| u.to_string()),
            })
            .await?;
        tracing::info!(domain, issuer = %target.issuer, credential = %credential.id,
            method = registered.client_auth.as_str(), "registered a client (RFC 7591)");
        Ok(credential)
    }

    /// The issuer and registration request for `domain`, or why registration is not possible.
    async fn registration_target(
        &self,
        domain: &str,
        inputs: &AccountInputs,
    ) -> Result<Target, FlowError> {
        let engine = &self.engine;
        let refuse = |message: &str| registration_error(domain, message.to_owned());
        let integration = engine
            .registry
            .get(domain)
            .ok_or_else(|| refuse("no such integration"))?;
        let ctx = engine.ctx_for(inputs);
        let declared = integration
            .authorization_server(&ctx)
            .await
            .map_err(|e| refuse(&e.to_string()))?;
        let (metadata, declared) = match declared {
            Some(server) => {
                let server = server
                    .resolve(inputs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .map_err(|e| refuse(&e.to_string()))?;
                if !server.dynamic_registration() {
                    return Err(refuse(
                        "the integration does not allow registering a client; bring your own client",
                    ));
                }
                let metadata = match (server.registration_url(), server.issuer()) {
                    (Some(_), _) => None,
                    (None, Some(issuer)) => Some(self.metadata_of(domain, issuer).await?),
                    (None, None) => {
                        return Err(refuse(
                            "the server declares neither a registration endpoint nor an issuer to discover one from",
                        ));
                    }
                };
                (metadata, Some(server))
            }
            None => {
                let declared_inputs = integration
                    .inputs(&ctx)
                    .await
                    .map_err(|e| refuse(&e.to_string()))?;
                let url_input = declared_inputs
                    .iter()
                    .find(|i| i.kind() == InputKind::Url)
                    .and_then(|i| inputs.get(i.name()))
                    .ok_or_else(|| {
                        refuse("the integration does not allow registering a client; bring your own client")
                    })?;
                let url = crate::Input::check_url(url_input).map_err(|e| refuse(&e.to_string()))?;
                let metadata = discovery::resource::discover(&engine.client, &url)
                    .await
                    .map_err(|e| refuse(&e.to_string()))?;
                (Some(metadata), None)
            }
        };
        let endpoint = match (&metadata, &declared) {
            (Some(m), _) => m.registration_endpoint.as_deref().map(Url::parse),
            (None, Some(server)) => server.registration_url().cloned().map(Ok),
            (None, None) => None,
        }
        .and_then(Result::ok)
        .ok_or_else(|| {
            refuse("the server offers no registration endpoint (RFC 7591); bring your own client")
        })?;
        let client_auth = match (&metadata, &declared) {
            (Some(m), _) => preferred_auth(m.token_endpoint_auth_methods_supported.as_deref()),
            (None, Some(server)) if server.public_client() => Some(ClientAuth::None),
            (None, Some(server)) => Some(server.client_auth()),
            (None, None) => None,
        }
        .ok_or_else(|| {
            refuse("the server supports no client authentication appcreds implements")
        })?;
        let issuer = match (&metadata, &declared) {
            (Some(m), _) => m.issuer.clone(),
            (None, Some(server)) => server
                .issuer()
                .map(str::to_owned)
                .unwrap_or_else(|| server.token_url().origin().ascii_serialization()),
            (None, None) => String::new(),
        };
        let device_grant = match (&metadata, &declared) {
            (Some(m), _) => m.device_authorization_endpoint.is_some(),
            (None, Some(server)) => server.device_authorization_url().is_some(),
            (None, None) => false,
        };
        Ok(Target {
            issuer,
            request: RegistrationRequest {
                endpoint,
                redirect_uri: engine.ctx.redirect_uri(),
                client_auth,
                device_grant,
                client_name: "appcreds".to_owned(),
            },
        })
    }

    async fn metadata_of(&self, domain: &str, issuer: &str) -> Result<Metadata, FlowError> {
        let issuer = Url::parse(issuer).map_err(|e| registration_error(domain, e.to_string()))?;
        discovery::fetch(&self.engine.client, &issuer)
            .await
            .map_err(|e| registration_error(domain, e.to_string()))
    }
}

fn registration_error(domain: &str, message: String) -> FlowError {
    FlowError::Registration {
        domain: domain.to_owned(),
        message,
    }
}
