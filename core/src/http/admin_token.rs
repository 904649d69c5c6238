//! [`AdminToken`]: the secret that opens the API, kept in `<data_dir>/admin.token` (0600), and
//! what page sessions and CSRF tokens derive from it.

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
pub struct AdminToken {
    secret: SecretString,
    created: bool,
}

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
                Ok(AdminToken {
                    secret: SecretString::from(token.to_owned()),
                    created: false,
                })
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
                Ok(AdminToken {
                    secret: SecretString::from(token),
                    created: true,
                })
            }
            Err(error) => Err(io(error)),
        }
    }

    /// A token given directly (tests, hosts with their own secret store).
    pub fn new(token: SecretString) -> AdminToken {
        AdminToken {
            secret: token,
            created: false,
        }
    }

    /// Whether [`AdminToken::load_or_create`] created it just now (then, and only then, it is
    /// worth printing: afterwards say where it is kept).
    pub fn was_created(&self) -> bool {
        self.created
    }

    /// The token, to print it once at start-up or give it to a client.
    pub fn expose(&self) -> &str {
        self.secret.expose_secret()
    }

    /// Whether `candidate` is the token (constant time).
    pub(crate) fn matches(&self, candidate: &str) -> bool {
        constant_eq(self.secret.expose_secret().as_bytes(), candidate.as_bytes())
    }

    fn mac(&self, purpose: &str, message: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.expose_secret().as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.as_bytes());
        mac.update(b"|");
        mac.update(message.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// Which admin token this is, as stored with each page session: sessions opened under
    /// another token are no sessions (changing the token ends them all).
    pub(crate) fn fingerprint(&self) -> String {
        self.mac("owner", "")
    }

    /// The CSRF token of a page session (by the hash of its id).
    pub(crate) fn csrf_token(&self, session_hash: &str) -> String {
        self.mac("csrf", session_hash)
    }
}

/// A new page session id: the cookie's value (32 random bytes, base64url).
pub(crate) fn new_session_id() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// What the store keeps of a session id: its SHA-256 (hex), so reading the database gives no
/// cookie.
pub(crate) fn session_hash(session_id: &str) -> String {
    use sha2::Digest as _;
    Sha256::digest(session_id.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
    fn sessions_are_random_hashed_and_bound_to_the_token() {
        let token = AdminToken::new(SecretString::from("t".repeat(43)));
        let (a, b) = (new_session_id(), new_session_id());
        assert_ne!(a, b);
        assert_eq!(session_hash(&a).len(), 64);
        assert!(!session_hash(&a).contains(&a));
        assert_ne!(
            token.csrf_token(&session_hash(&a)),
            token.csrf_token(&session_hash(&b))
        );
        let other = AdminToken::new(SecretString::from("u".repeat(43)));
        assert_ne!(token.fingerprint(), other.fingerprint());
    }

    #[test]
    fn file_is_created_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = AdminToken::load_or_create(dir.path()).unwrap();
        let again = AdminToken::load_or_create(dir.path()).unwrap();
        assert!(first.matches(again.expose()));
        assert!(first.was_created() && !again.was_created());
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
