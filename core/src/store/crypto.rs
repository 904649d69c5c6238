//! Encryption at rest: XChaCha20-Poly1305 with random 24-byte nonces, associated data that binds a
//! ciphertext to its table, column and row, and a key id in every ciphertext.
//!
//! A stored ciphertext is `0x01 ‖ key id (8 bytes) ‖ nonce (24 bytes) ‖ ciphertext+tag`.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::SecretString;
use thiserror::Error;

/// The format byte that starts every ciphertext.
const FORMAT_V1: u8 = 1;
const KEY_ID_LEN: usize = 8;
const NONCE_LEN: usize = 24;
const HEADER_LEN: usize = 1 + KEY_ID_LEN + NONCE_LEN;
/// The length of a key in bytes.
pub const KEY_LEN: usize = 32;

/// The short public name of a key: a fingerprint of it, shown as 16 hex digits.
///
/// It is derived from the key (a Poly1305 tag over a fixed label), so it names a key without
/// revealing it, and the same key always has the same id.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId([u8; KEY_ID_LEN]);

impl KeyId {
    /// Parses the 16-hex-digit form.
    pub fn parse(hex: &str) -> Option<KeyId> {
        if hex.len() != KEY_ID_LEN * 2 || !hex.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; KEY_ID_LEN];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(KeyId(bytes))
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// Why a key or a ciphertext was refused.
#[derive(Debug, Error)]
pub enum CryptoError {
    /// A key is not base64 of 32 bytes.
    #[error(
        "a secret key must be base64 of exactly {KEY_LEN} bytes (create one with `head -c 32 /dev/urandom | base64`); {problem}"
    )]
    BadKey {
        /// What is wrong with it (never the key itself).
        problem: String,
    },
    /// A ciphertext names a key that is not loaded.
    #[error(
        "data was encrypted with key {key_id}, which is not configured; add it back to APPCREDS_SECRET_KEY or secret.key"
    )]
    UnknownKey {
        /// The key the ciphertext names.
        key_id: KeyId,
    },
    /// The ciphertext is not in appcreds' format.
    #[error("the stored value is not an appcreds ciphertext (truncated or of an unknown format)")]
    Malformed,
    /// The ciphertext failed authentication: wrong key, tampered data, or moved from another row.
    #[error(
        "decryption failed under key {key_id}: the data was changed, moved from another row, or the key is not the one it was written with"
    )]
    Authentication {
        /// The key the ciphertext names.
        key_id: KeyId,
    },
}

/// A 32-byte secret key. Never printed.
#[derive(Clone)]
pub struct SecretKey {
    cipher: XChaCha20Poly1305,
    id: KeyId,
    bytes: [u8; KEY_LEN],
}

impl SecretKey {
    /// A new random key.
    pub fn generate() -> SecretKey {
        SecretKey::from_bytes(XChaCha20Poly1305::generate_key(&mut OsRng).into())
    }

    /// Parses base64 (standard alphabet, padding optional) of exactly 32 bytes.
    pub fn from_base64(text: &str) -> Result<SecretKey, CryptoError> {
        let text = text.trim();
        let decoded = STANDARD
            .decode(text)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
            .map_err(|e| CryptoError::BadKey {
                problem: format!("it is not base64 ({e})"),
            })?;
        let bytes: [u8; KEY_LEN] =
            decoded
                .try_into()
                .map_err(|v: Vec<u8>| CryptoError::BadKey {
                    problem: format!("it decodes to {} bytes", v.len()),
                })?;
        Ok(SecretKey::from_bytes(bytes))
    }

    fn from_bytes(bytes: [u8; KEY_LEN]) -> SecretKey {
        let cipher = XChaCha20Poly1305::new(&bytes.into());
        let id = fingerprint(&cipher);
        SecretKey { cipher, id, bytes }
    }

    /// The key's id.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The key as base64, still wrapped.
    pub fn to_base64(&self) -> SecretString {
        SecretString::from(STANDARD.encode(self.bytes))
    }

    /// Encrypts `plaintext`, bound to `aad` (which names the table, column and row).
    pub fn encrypt(&self, aad: &str, plaintext: &[u8]) -> Vec<u8> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: aad.as_bytes(),
                },
            )
            .unwrap_or_default(); // only fails for plaintexts of more than 256 GiB
        let mut out = Vec::with_capacity(HEADER_LEN + sealed.len());
        out.push(FORMAT_V1);
        out.extend_from_slice(&self.id.0);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Decrypts a ciphertext made by [`SecretKey::encrypt`] under this key with the same `aad`.
    pub fn decrypt(&self, aad: &str, ciphertext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let key_id = key_id_of(ciphertext)?;
        if key_id != self.id {
            return Err(CryptoError::UnknownKey { key_id });
        }
        let nonce = XNonce::from_slice(&ciphertext[1 + KEY_ID_LEN..HEADER_LEN]);
        self.cipher
            .decrypt(
                nonce,
                Payload {
                    msg: &ciphertext[HEADER_LEN..],
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Authentication { key_id })
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("id", &self.id)
            .field("key", &"[redacted]")
            .finish()
    }
}

/// The key id a ciphertext names.
pub fn key_id_of(ciphertext: &[u8]) -> Result<KeyId, CryptoError> {
    if ciphertext.len() < HEADER_LEN + 16 || ciphertext[0] != FORMAT_V1 {
        return Err(CryptoError::Malformed);
    }
    let mut id = [0u8; KEY_ID_LEN];
    id.copy_from_slice(&ciphertext[1..1 + KEY_ID_LEN]);
    Ok(KeyId(id))
}

/// A key's id: the first bytes of a Poly1305 tag over a fixed label with an all-zero nonce.
fn fingerprint(cipher: &XChaCha20Poly1305) -> KeyId {
    let tag = cipher
        .encrypt(
            &XNonce::default(),
            Payload {
                msg: b"",
                aad: b"appcreds key id v1",
            },
        )
        .unwrap_or_default();
    let mut id = [0u8; KEY_ID_LEN];
    id.copy_from_slice(&tag[..KEY_ID_LEN]);
    KeyId(id)
}

/// Keys in order: the first encrypts, every one decrypts what names it.
#[derive(Clone, Debug)]
pub struct Keyring {
    keys: Vec<SecretKey>,
}

impl Keyring {
    /// A keyring; the first key is the current one. `None` when `keys` is empty.
    pub fn new(keys: Vec<SecretKey>) -> Option<Keyring> {
        (!keys.is_empty()).then_some(Keyring { keys })
    }

    /// Parses keys separated by commas or new lines (`#` starts a comment line); the first is
    /// current.
    pub fn parse(text: &str) -> Result<Keyring, CryptoError> {
        let keys = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with('#'))
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(SecretKey::from_base64)
            .collect::<Result<Vec<_>, _>>()?;
        Keyring::new(keys).ok_or_else(|| CryptoError::BadKey {
            problem: "no key was given".to_owned(),
        })
    }

    /// The key new ciphertexts use.
    pub fn current(&self) -> &SecretKey {
        &self.keys[0]
    }

    /// Every key, current first.
    pub fn keys(&self) -> &[SecretKey] {
        &self.keys
    }

    /// The key with this id.
    pub fn get(&self, id: KeyId) -> Option<&SecretKey> {
        self.keys.iter().find(|k| k.id == id)
    }

    /// Encrypts under the current key.
    pub fn encrypt(&self, aad: &str, plaintext: &[u8]) -> Vec<u8> {
        self.current().encrypt(aad, plaintext)
    }

    /// Decrypts with the key the ciphertext names.
    pub fn decrypt(&self, aad: &str, ciphertext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let key_id = key_id_of(ciphertext)?;
        self.get(key_id)
            .ok_or(CryptoError::UnknownKey { key_id })?
            .decrypt(aad, ciphertext)
    }

    /// The text form: one base64 key a line, current first.
    pub fn to_text(&self) -> SecretString {
        use secrecy::ExposeSecret;
        let mut text = String::from(
            "# appcreds secret keys: base64 of 32 bytes, one a line; the first is current.\n",
        );
        for key in &self.keys {
            text.push_str(key.to_base64().expose_secret());
            text.push('\n');
        }
        SecretString::from(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_binding() {
        let key = SecretKey::generate();
        let sealed = key.encrypt("t.c:1", b"hello");
        assert_eq!(key.decrypt("t.c:1", &sealed).unwrap(), b"hello");
        assert!(matches!(
            key.decrypt("t.c:2", &sealed),
            Err(CryptoError::Authentication { .. })
        ));
        let other = SecretKey::generate();
        assert!(matches!(
            other.decrypt("t.c:1", &sealed),
            Err(CryptoError::UnknownKey { .. })
        ));
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(key.decrypt("t.c:1", &tampered).is_err());
        assert!(matches!(
            key.decrypt("t.c:1", b"x"),
            Err(CryptoError::Malformed)
        ));
    }

    #[test]
    fn nonces_are_random_and_ids_stable() {
        let key = SecretKey::generate();
        assert_ne!(key.encrypt("a", b"x"), key.encrypt("a", b"x"));
        let again =
            SecretKey::from_base64(secrecy::ExposeSecret::expose_secret(&key.to_base64())).unwrap();
        assert_eq!(again.id(), key.id());
        assert_eq!(KeyId::parse(&key.id().to_string()), Some(key.id()));
    }

    #[test]
    fn keyring_decrypts_with_old_keys() {
        let old = SecretKey::generate();
        let new = SecretKey::generate();
        let sealed = old.encrypt("a", b"x");
        let ring = Keyring::new(vec![new.clone(), old]).unwrap();
        assert_eq!(ring.decrypt("a", &sealed).unwrap(), b"x");
        assert_eq!(ring.current().id(), new.id());
        let text = ring.to_text();
        let parsed = Keyring::parse(secrecy::ExposeSecret::expose_secret(&text)).unwrap();
        assert_eq!(parsed.current().id(), new.id());
        assert_eq!(parsed.keys().len(), 2);
    }

    #[test]
    fn bad_keys_are_clear_and_do_not_echo() {
        let error = SecretKey::from_base64("bm90LWEta2V5")
            .unwrap_err()
            .to_string();
        assert!(error.contains("decodes to 9 bytes"), "{error}");
        assert!(!error.contains("bm90LWEta2V5"));
        assert!(Keyring::parse("  \n# nothing\n").is_err());
    }

    #[test]
    fn debug_hides_the_key() {
        let key = SecretKey::generate();
        let b64 = secrecy::ExposeSecret::expose_secret(&key.to_base64()).to_owned();
        let ring = Keyring::new(vec![key.clone()]).unwrap();
        let printed = format!("{key:?} {ring:?}");
        assert!(!printed.contains(&b64), "{printed}");
        assert!(printed.contains(&key.id().to_string()));
    }
}
