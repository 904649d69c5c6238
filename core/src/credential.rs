//! [`ClientCredential`]: the OAuth client id and secret a user registered at a provider.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// An OAuth 2.0 client's id and secret, with an optional display name.
///
/// The secret never prints: `Debug` shows `[redacted]`, and only [`ClientCredential::secret`]
/// followed by [`ExposeSecret::expose_secret`] reads it.
///
/// ```
/// use appcreds::ClientCredential;
///
/// let credential = ClientCredential::new("my-client", "s3cr3t").with_name("Home");
/// assert_eq!(credential.client_id(), "my-client");
/// assert!(!format!("{credential:?}").contains("s3cr3t"));
/// ```
#[derive(Clone)]
pub struct ClientCredential {
    client_id: String,
    client_secret: SecretString,
    name: Option<String>,
}

/// The older name of [`ClientCredential`] (Home Assistant's "developer credentials").
pub type DeveloperCredential = ClientCredential;

impl ClientCredential {
    /// A credential with this id and secret. An empty secret makes a public client.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredential {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
            name: None,
        }
    }

    /// Gives the credential a display name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client secret, still wrapped: call `expose_secret()` where it must be sent.
    pub fn secret(&self) -> &SecretString {
        &self.client_secret
    }

    /// Whether the secret is empty (a public client).
    pub fn is_public(&self) -> bool {
        self.client_secret.expose_secret().is_empty()
    }

    /// The display name, if any.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

impl fmt::Debug for ClientCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredential")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("name", &self.name)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let credential = ClientCredential::new("id", "very-secret-value");
        let printed = format!("{credential:?} {credential:#?}");
        assert!(!printed.contains("very-secret-value"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn public_clients_have_no_secret() {
        assert!(ClientCredential::new("id", "").is_public());
        assert!(!ClientCredential::new("id", "x").is_public());
    }
}
