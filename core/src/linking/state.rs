//! Flow identifiers and state handles: opaque, unguessable, and stored only as a hash.
//!
//! The `state` sent to the provider is 32 random bytes (256 bits, RFC 6749 §10.10 asks for at least
//! 160) encoded base64url. It carries nothing: the flow it belongs to, its redirect URI, its credential,
//! its PKCE verifier and the server's issuer are in the pending-flow record, found by the SHA-256 of
//! the handle. A database reader therefore cannot complete a flow, and a replayed or forged state
//! finds nothing.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::random::random_bytes;

/// A new flow id: 16 random bytes, base64url (public: it appears in `/api/flows/{flow_id}`).
pub(crate) fn new_flow_id() -> String {
    random_base64::<16>()
}

/// A new state handle for the authorize URL.
pub(crate) fn new_state() -> SecretString {
    SecretString::from(random_base64::<32>())
}

/// The key a pending flow is stored under: hex SHA-256 of the state handle.
pub(crate) fn state_key(state: &str) -> String {
    Sha256::digest(state.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key of a [`SecretString`] state.
pub(crate) fn secret_state_key(state: &SecretString) -> String {
    state_key(state.expose_secret())
}

fn random_base64<const N: usize>() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<N>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_long_random_and_distinct() {
        let (a, b) = (new_state(), new_state());
        assert_eq!(a.expose_secret().len(), 43);
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert_eq!(new_flow_id().len(), 22);
    }

    #[test]
    fn keys_are_hashes() {
        assert_eq!(
            state_key("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(
            secret_state_key(&new_state()),
            secret_state_key(&new_state())
        );
    }
}
