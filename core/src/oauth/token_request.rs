//! [`TokenRequest`]: the form of one token request and how the client authenticates in it.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::credential::ClientCredential;
use crate::{ClientAuth, TokenBody};

/// A token request: the endpoint, the form parameters (every value treated as a secret) and, for
/// `client_secret_basic`, the `Authorization` header. `Debug` shows parameter names only.
///
/// ```
/// use appcreds::{ClientAuth, ClientCredential};
/// use appcreds::oauth::TokenRequest;
///
/// let endpoint = "https://example.com/token".parse().unwrap();
/// let request = TokenRequest::new(endpoint, "refresh_token")
///     .secret_param("refresh_token", &"rt".to_owned().into())
///     .client_auth(ClientAuth::ClientSecretBasic, &ClientCredential::new("my client", "s:cr&t"));
/// assert_eq!(request.form_body(), "grant_type=refresh_token&refresh_token=rt");
/// assert!(request.has_basic_auth());
/// ```
#[derive(Clone)]
pub struct TokenRequest {
    endpoint: Url,
    params: Vec<(String, SecretString)>,
    authorization: Option<SecretString>,
    response_path: Option<String>,
    fallback_path: Option<String>,
    body: TokenBody,
}

impl TokenRequest {
    /// A request to `endpoint` with this `grant_type`.
    pub fn new(endpoint: Url, grant_type: &str) -> Self {
        Self::without_grant(endpoint).param("grant_type", grant_type)
    }

    /// A request to `endpoint` with no `grant_type`: a revocation (RFC 7009) or device
    /// authorization (RFC 8628) request, which are posted like token requests.
    pub fn without_grant(endpoint: Url) -> Self {
        TokenRequest {
            endpoint,
            params: Vec::new(),
            authorization: None,
            response_path: None,
            fallback_path: None,
            body: TokenBody::Form,
        }
    }

    /// Adds a form parameter.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params
            .push((name.into(), SecretString::from(value.into())));
        self
    }

    /// Adds a form parameter whose value is a secret (a code, a verifier, a refresh token).
    pub fn secret_param(mut self, name: impl Into<String>, value: &SecretString) -> Self {
        self.params.push((name.into(), value.clone()));
        self
    }

    /// Authenticates the client as `method` says (RFC 6749 §2.3.1):
    ///
    /// - a public client ([`ClientAuth::None`], or an empty secret whatever the method): only
    ///   `client_id` in the body;
    /// - [`ClientAuth::ClientSecretPost`]: `client_id` and `client_secret` in the body;
    /// - [`ClientAuth::ClientSecretBasic`]: `Authorization: Basic base64(enc(id) ":" enc(secret))`
    ///   where `enc` is form-urlencoding (Python's `quote_plus(.., safe='')`), nothing in the body.
    pub fn client_auth(self, method: ClientAuth, credential: &ClientCredential) -> Self {
        if method == ClientAuth::None || credential.is_public() {
            return self.param("client_id", credential.client_id());
        }
        match method {
            ClientAuth::ClientSecretBasic => {
                let pair = format!(
                    "{}:{}",
                    form_urlencode(credential.client_id()),
                    form_urlencode(credential.secret().expose_secret())
                );
                TokenRequest {
                    authorization: Some(SecretString::from(format!(
                        "Basic {}",
                        STANDARD.encode(pair)
                    ))),
                    ..self
                }
            }
            ClientAuth::ClientSecretPost | ClientAuth::None => self
                .param("client_id", credential.client_id())
                .secret_param("client_secret", credential.secret()),
        }
    }

    /// Reads the token from this nested object of the response (a dotted path such as `body`,
    /// see [`AuthorizationServer::token_response_path`](crate::AuthorizationServer::token_response_path)).
    pub fn response_path(mut self, path: impl Into<String>) -> Self {
        self.response_path = Some(path.into());
        self
    }

    /// The nested object the token is read from, if any.
    pub fn token_path(&self) -> Option<&str> {
        self.response_path.as_deref()
    }

    /// Reads the token from this nested object when the response has none at the top level
    /// (see [`AuthorizationServer::token_response_fallback_path`](crate::AuthorizationServer::token_response_fallback_path)).
    pub fn response_fallback_path(mut self, path: impl Into<String>) -> Self {
        self.fallback_path = Some(path.into());
        self
    }

    /// The nested object the token is read from when the top level has none, if any.
    pub fn token_fallback_path(&self) -> Option<&str> {
        self.fallback_path.as_deref()
    }

    /// Encodes the parameters as `body` says (a form by default, or a JSON object).
    pub fn body_format(mut self, body: TokenBody) -> Self {
        self.body = body;
        self
    }

    /// Sends the parameter `from` as `to` (TikTok's `client_key` for `client_id`).
    pub fn rename_param(mut self, from: &str, to: &str) -> Self {
        for (name, _) in &mut self.params {
            if name == from {
                to.clone_into(name);
            }
        }
        self
    }

    /// The `Content-Type` of the body.
    pub fn content_type(&self) -> &'static str {
        match self.body {
            TokenBody::Form => "application/x-www-form-urlencoded",
            TokenBody::Json => "application/json",
        }
    }

    /// The body in its format: [`form_body`](Self::form_body), or a JSON object of the same
    /// parameters (every value a string). It holds secrets: never log it.
    pub fn body(&self) -> String {
        match self.body {
            TokenBody::Form => self.form_body(),
            TokenBody::Json => serde_json::Value::Object(
                self.params
                    .iter()
                    .map(|(name, value)| (name.clone(), value.expose_secret().into()))
                    .collect(),
            )
            .to_string(),
        }
    }

    /// The token endpoint.
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The `application/x-www-form-urlencoded` body. It holds secrets: never log it.
    pub fn form_body(&self) -> String {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.params {
            form.append_pair(name, value.expose_secret());
        }
        form.finish()
    }

    /// The `Authorization` header value of `client_secret_basic`, if used.
    pub fn authorization(&self) -> Option<&SecretString> {
        self.authorization.as_ref()
    }

    /// Whether the client authenticates with `Authorization: Basic`.
    pub fn has_basic_auth(&self) -> bool {
        self.authorization.is_some()
    }

    /// The names of the form parameters, in order.
    pub fn param_names(&self) -> impl Iterator<Item = &str> {
        self.params.iter().map(|(name, _)| name.as_str())
    }
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("endpoint", &self.endpoint.as_str())
            .field("params", &self.param_names().collect::<Vec<_>>())
            .field("basic_auth", &self.has_basic_auth())
            .field("response_path", &self.response_path)
            .field("fallback_path", &self.fallback_path)
            .field("body", &self.body.as_str())
            .finish()
    }
}

/// Python's `quote_plus(text, safe='')`, which RFC 6749 §2.3.1 asks for before Basic encoding:
/// `A-Z a-z 0-9 _ . - ~` kept, space as `+`, every other byte `%XX`.
fn form_urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint() -> Url {
        Url::parse("https://example.com/token").unwrap()
    }

    fn basic_pair(request: &TokenRequest) -> String {
        let header = request.authorization().unwrap().expose_secret();
        let encoded = header.strip_prefix("Basic ").unwrap();
        String::from_utf8(STANDARD.decode(encoded).unwrap()).unwrap()
    }

    #[test]
    fn basic_auth_urlencodes_before_base64() {
        let request = TokenRequest::new(endpoint(), "authorization_code").client_auth(
            ClientAuth::ClientSecretBasic,
            &ClientCredential::new("my client", "s:cr&t"),
        );
        assert_eq!(basic_pair(&request), "my+client:s%3Acr%26t");
        assert_eq!(request.form_body(), "grant_type=authorization_code");
        let request = TokenRequest::new(endpoint(), "x").client_auth(
            ClientAuth::ClientSecretBasic,
            &ClientCredential::new("a~b_c.d-e", "ü/+=*"),
        );
        assert_eq!(basic_pair(&request), "a~b_c.d-e:%C3%BC%2F%2B%3D%2A");
    }

    #[test]
    fn post_and_public_clients() {
        let credential = ClientCredential::new("id", "sec ret");
        let post = TokenRequest::new(endpoint(), "refresh_token")
            .client_auth(ClientAuth::ClientSecretPost, &credential);
        assert_eq!(
            post.form_body(),
            "grant_type=refresh_token&client_id=id&client_secret=sec+ret"
        );
        assert!(!post.has_basic_auth());
        let none = TokenRequest::new(endpoint(), "refresh_token")
            .client_auth(ClientAuth::None, &credential);
        assert_eq!(none.form_body(), "grant_type=refresh_token&client_id=id");
        for method in [ClientAuth::ClientSecretBasic, ClientAuth::ClientSecretPost] {
            let public = TokenRequest::new(endpoint(), "refresh_token")
                .client_auth(method, &ClientCredential::new("id", ""));
            assert_eq!(public.form_body(), "grant_type=refresh_token&client_id=id");
            assert!(!public.has_basic_auth());
        }
    }

    #[test]
    fn debug_shows_names_only() {
        let request = TokenRequest::new(endpoint(), "authorization_code")
            .secret_param("code", &SecretString::from("the-code".to_owned()))
            .client_auth(
                ClientAuth::ClientSecretBasic,
                &ClientCredential::new("id", "the-secret"),
            );
        let printed = format!("{request:?}");
        assert!(printed.contains("\"code\""), "{printed}");
        for secret in ["the-code", "the-secret", "Basic"] {
            assert!(!printed.contains(secret), "{printed}");
        }
    }

    #[test]
    fn json_bodies_and_renamed_params() {
        let request = TokenRequest::new(endpoint(), "authorization_code")
            .client_auth(
                ClientAuth::ClientSecretPost,
                &ClientCredential::new("id", "s\"e"),
            )
            .rename_param("client_id", "client_key")
            .body_format(TokenBody::Json);
        assert_eq!(request.content_type(), "application/json");
        let body: serde_json::Value = serde_json::from_str(&request.body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"grant_type": "authorization_code", "client_key": "id", "client_secret": "s\"e"})
        );
        assert!(!format!("{request:?}").contains("s\\\"e"));
    }
}
