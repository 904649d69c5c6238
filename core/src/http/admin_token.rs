//! [`AdminToken`]: the secret that opens the API, kept in `<data_dir>/admin.token` (0600), and
//! the page's session cookies and CSRF tokens derived from it.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use thiserror::Error;

use crate::random::random_bytes;

/// The file the admin token is kept in, in the data directory.
pub const ADMIN_TOKEN_FILE: &str = "admin.token";

/// How long a page session lasts, in seconds.
pub(crate) const SESSION_SECONDS: u64 = 12 * 60 * 60;

/// Why the admin token could not be read or created.
#[derive(Debug, Error)]
pub enum AdminTokenError {
    /// The file could not be read or written.
    #[error("admin token file {}: {source}; check the data directory's permissions", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file holds something that is not a token.
    #[error("admin token file {} is empty or malformed; delete it to get a new token", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
    },
}

/// The API's admin token. Never printed by `Debug`.
#[derive(Clone)]
pub struct AdminToken(SecretString);

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken([redacted])")
    }
}

impl AdminToken {
    /// Reads `<data_dir>/admin.token`, creating it (32 random bytes, base64url, mode 0600) on the
    /// first start.
    pub fn load_or_create(data_dir: &Path) -> Result<AdminToken, AdminTokenError> {
        let path = data_dir.join(ADMIN_TOKEN_FILE);
        let io = |source| AdminTokenError::Io {
            path: path.clone(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let token = text.trim();
                if token.len() < 32 || !token.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(AdminTokenError::Malformed { path });
                }
                Ok(AdminToken(SecretString::from(token.to_owned())))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                crate::store::private_files::create_private_dir(data_dir).map_err(io)?;
                let token = URL_SAFE_NO_PAD.encode(random_bytes::<32>());
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = match options.open(&path) {
                    Ok(file) => file,
                    // Another instance created it first: use theirs.
                    Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                        return AdminToken::load_or_create(data_dir);
                    }
                    Err(error) => return Err(io(error)),
                };
                file.write_all(token.as_bytes()).map_err(io)?;
                file.sync_all().map_err(io)?;
                tracing::info!(path = %path.display(), "admin token created");
                Ok(AdminToken(SecretString::from(token)))
            }
            Err(error) => Err(io(error)),
        }
    }

    /// A token given directly (tests, hosts with their own secret store).
    pub fn new(token: SecretString) -> AdminToken {
        AdminToken(token)
    }

    /// The token, to print it once at start-up or give it to a client.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// Whether `candidate` is the token (constant time).
    pub(crate) fn matches(&self, candidate: &str) -> bool {
        constant_eq(self.0.expose_secret().as_bytes(), candidate.as_bytes())
    }

    fn mac(&self, purpose: &str, message: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.expose_secret().as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.as_bytes());
        mac.update(b"|");
        mac.update(message.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// A new page session: the cookie value `issued.nonce.mac`.
    pub(crate) fn new_session(&self, now: u64) -> String {
        let nonce = URL_SAFE_NO_PAD.encode(random_bytes::<24>());
        let body = format!("{now}.{nonce}");
        let mac = self.mac("session", &body);
        format!("{body}.{mac}")
    }

    /// The session's nonce if the cookie is one of ours and not expired.
    pub(crate) fn verify_session<'a>(&self, cookie: &'a str, now: u64) -> Option<&'a str> {
        let (body, mac) = cookie.rsplit_once('.')?;
        let (issued, nonce) = body.split_once('.')?;
        let issued: u64 = issued.parse().ok()?;
        let fresh = issued <= now + 60 && now.saturating_sub(issued) < SESSION_SECONDS;
        let expected = self.mac("session", body);
        (fresh && constant_eq(expected.as_bytes(), mac.as_bytes())).then_some(nonce)
    }

    /// The CSRF token of a session (by its nonce).
    pub(crate) fn csrf_token(&self, nonce: &str) -> String {
        self.mac("csrf", nonce)
    }
}

/// Byte equality in time that depends only on the length.
pub(crate) fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq as _;
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_verify_expire_and_resist_tampering() {
        let token = AdminToken::new(SecretString::from("t".repeat(43)));
        let cookie = token.new_session(1_000);
        let nonce = token.verify_session(&cookie, 1_010).expect("valid");
        assert_eq!(token.csrf_token(nonce), token.csrf_token(nonce));
        assert!(
            token
                .verify_session(&cookie, 1_000 + SESSION_SECONDS)
                .is_none()
        );
        let forged = cookie.replacen("1000", "2000", 1);
        assert!(token.verify_session(&forged, 2_010).is_none());
        let other = AdminToken::new(SecretString::from("u".repeat(43)));
        assert!(other.verify_session(&cookie, 1_010).is_none());
    }

    #[test]
    fn file_is_created_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = AdminToken::load_or_create(dir.path()).unwrap();
        let again = AdminToken::load_or_create(dir.path()).unwrap();
        assert!(first.matches(again.expose()));
        assert!(!first.matches("nope"));
        assert!(!format!("{first:?}").contains(first.expose()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join(ADMIN_TOKEN_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
