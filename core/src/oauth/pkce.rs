//! [`Pkce`]: a proof key for code exchange (RFC 7636), S256 only, new for every flow.
//!
//! The verifier and challenge come from the `oauth2` crate (built without its HTTP layer): 32 bytes
//! from the operating system's CSPRNG, base64url without padding (43 characters), and
//! `BASE64URL(SHA256(verifier))` as the challenge. `plain` is never offered (RFC 7636 §7.2).

use std::fmt;

use oauth2::{PkceCodeChallenge, PkceCodeVerifier};
use secrecy::{ExposeSecret, SecretString};
use thiserror::Error;

/// The only challenge method appcreds sends.
pub const PKCE_METHOD: &str = "S256";

/// A PKCE verifier and its S256 challenge. `Debug` never shows the verifier.
///
/// ```
/// use appcreds::oauth::Pkce;
///
/// let pkce = Pkce::new_s256();
/// assert_eq!(pkce.challenge().len(), 43);
/// assert_ne!(pkce.challenge(), Pkce::new_s256().challenge(), "a new verifier every time");
/// ```
#[derive(Clone)]
pub struct Pkce {
    verifier: SecretString,
    challenge: String,
}

/// Why a code verifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PkceError {
    /// Shorter than 43 or longer than 128 characters.
    #[error("a PKCE code verifier has 43 to 128 characters, this one has {length}")]
    Length {
        /// Its length.
        length: usize,
    },
    /// A character outside `[A-Za-z0-9-._~]`.
    #[error("a PKCE code verifier uses only `A-Z a-z 0-9 - . _ ~`")]
    Charset,
}

impl Pkce {
    /// A fresh verifier (32 random bytes, 43 characters) and its S256 challenge.
    pub fn new_s256() -> Self {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        Pkce {
            verifier: SecretString::from(verifier.into_secret()),
            challenge: challenge.as_str().to_owned(),
        }
    }

    /// The S256 challenge of a verifier kept elsewhere (a stored flow), checked per RFC 7636 §4.1.
    pub fn from_verifier(verifier: impl Into<String>) -> Result<Self, PkceError> {
        let verifier = verifier.into();
        if !(43..=128).contains(&verifier.len()) {
            return Err(PkceError::Length {
                length: verifier.chars().count(),
            });
        }
        if !verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        {
            return Err(PkceError::Charset);
        }
        let verifier = PkceCodeVerifier::new(verifier);
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        Ok(Pkce {
            challenge: challenge.as_str().to_owned(),
            verifier: SecretString::from(verifier.into_secret()),
        })
    }

    /// The verifier, sent only to the token endpoint.
    pub fn verifier(&self) -> &SecretString {
        &self.verifier
    }

    /// The challenge, sent in the authorize URL.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }

    /// Whether `verifier` is this one's verifier.
    pub fn matches(&self, verifier: &str) -> bool {
        self.verifier.expose_secret() == verifier
    }
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"[redacted]")
            .field("challenge", &self.challenge)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B.
    #[test]
    fn rfc7636_appendix_b_vector() {
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(
            pkce.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn fresh_verifiers_are_43_unreserved_characters() {
        let pkce = Pkce::new_s256();
        let verifier = pkce.verifier().expose_secret();
        assert_eq!(verifier.len(), 43);
        assert!(Pkce::from_verifier(verifier.to_owned()).is_ok());
        assert_eq!(
            Pkce::from_verifier(verifier.to_owned())
                .unwrap()
                .challenge(),
            pkce.challenge()
        );
        assert!(pkce.matches(verifier));
        assert_ne!(
            pkce.verifier().expose_secret(),
            Pkce::new_s256().verifier().expose_secret()
        );
    }

    #[test]
    fn refuses_bad_verifiers() {
        assert_eq!(
            Pkce::from_verifier("yyy").unwrap_err(),
            PkceError::Length { length: 3 }
        );
        assert!(Pkce::from_verifier("a".repeat(129)).is_err());
        assert!(Pkce::from_verifier("a".repeat(128)).is_ok());
        assert_eq!(
            Pkce::from_verifier(format!("{}+", "a".repeat(43))).unwrap_err(),
            PkceError::Charset
        );
    }

    #[test]
    fn debug_hides_the_verifier() {
        let pkce = Pkce::new_s256();
        let printed = format!("{pkce:?}");
        assert!(!printed.contains(pkce.verifier().expose_secret()));
        assert!(printed.contains(pkce.challenge()));
    }
}
