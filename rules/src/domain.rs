//! Integration domains: `[a-z][a-z0-9_]*`, at most 64 bytes.

use thiserror::Error;

/// The longest domain accepted, in bytes.
pub const MAX_LEN: usize = 64;

/// Why a string is not a valid integration domain.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// The domain is empty.
    #[error("the domain is empty; use a lowercase name such as `spotify`")]
    Empty,
    /// The domain is longer than [`MAX_LEN`] bytes.
    #[error("the domain `{domain}` is {len} bytes long; use at most {MAX_LEN}")]
    TooLong {
        /// The rejected domain.
        domain: String,
        /// Its length in bytes.
        len: usize,
    },
    /// The domain does not start with a lowercase ASCII letter.
    #[error(
        "the domain `{domain}` must start with a lowercase letter `a`-`z` and use only `a`-`z`, `0`-`9` and `_` (for example `{suggestion}`)"
    )]
    BadStart {
        /// The rejected domain.
        domain: String,
        /// A valid domain close to the rejected one.
        suggestion: String,
    },
    /// The domain holds a character outside `[a-z0-9_]`.
    #[error(
        "the domain `{domain}` contains {found:?}; use only lowercase letters, digits and `_` (for example `{suggestion}`)"
    )]
    BadChar {
        /// The rejected domain.
        domain: String,
        /// The first character that is not allowed.
        found: char,
        /// The domain with every disallowed character lowercased or replaced by `_`.
        suggestion: String,
    },
}

/// Whether `domain` is a valid domain; usable in constants (the macros check inferred domains this way).
///
/// ```
/// const OK: bool = appcreds_rules::domain::is_valid("spotify");
/// assert!(OK);
/// assert!(!appcreds_rules::domain::is_valid("Spotify"));
/// ```
pub const fn is_valid(domain: &str) -> bool {
    let bytes = domain.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_LEN || !bytes[0].is_ascii_lowercase() {
        return false;
    }
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

/// Checks that `domain` is `[a-z][a-z0-9_]*` and at most [`MAX_LEN`] bytes.
///
/// ```
/// use appcreds_rules::domain::{validate, DomainError};
/// assert!(validate("home_connect").is_ok());
/// assert!(matches!(validate("home-connect"), Err(DomainError::BadChar { found: '-', .. })));
/// ```
pub fn validate(domain: &str) -> Result<(), DomainError> {
    if is_valid(domain) {
        return Ok(());
    }
    let first = domain.chars().next().ok_or(DomainError::Empty)?;
    if domain.len() > MAX_LEN {
        return Err(DomainError::TooLong {
            domain: domain.to_owned(),
            len: domain.len(),
        });
    }
    if !first.is_ascii_lowercase() {
        return Err(DomainError::BadStart {
            domain: domain.to_owned(),
            suggestion: suggest(domain),
        });
    }
    // `is_valid` said no and the other rules hold, so some character is outside `[a-z0-9_]`.
    let found = domain
        .chars()
        .find(|c| !is_domain_char(*c))
        .unwrap_or(first);
    Err(DomainError::BadChar {
        domain: domain.to_owned(),
        found,
        suggestion: suggest(domain),
    })
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

/// Lowercases, replaces disallowed characters by `_`, and makes it start with a letter.
fn suggest(domain: &str) -> String {
    let replaced: String = domain
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| if is_domain_char(c) { c } else { '_' })
        .collect();
    let trimmed = replaced.trim_start_matches(|c: char| !c.is_ascii_lowercase());
    let suggestion = if trimmed.is_empty() {
        "integration"
    } else {
        trimmed
    };
    suggestion.chars().take(MAX_LEN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_reference_domains() {
        for domain in ["spotify", "google_tasks", "home_connect", "x", "a1_b2"] {
            assert_eq!(validate(domain), Ok(()), "{domain}");
        }
    }

    #[test]
    fn rejects_with_the_reason() {
        assert_eq!(validate(""), Err(DomainError::Empty));
        assert!(matches!(
            validate("1password"),
            Err(DomainError::BadStart { .. })
        ));
        assert!(matches!(validate("_x"), Err(DomainError::BadStart { .. })));
        assert!(matches!(
            validate("Spotify"),
            Err(DomainError::BadStart { .. })
        ));
        let Err(DomainError::BadChar {
            found, suggestion, ..
        }) = validate("home-Connect")
        else {
            panic!()
        };
        assert_eq!((found, suggestion.as_str()), ('-', "home_connect"));
        let long = "a".repeat(65);
        assert!(matches!(
            validate(&long),
            Err(DomainError::TooLong { len: 65, .. })
        ));
        assert_eq!(validate(&"a".repeat(64)), Ok(()));
    }

    #[test]
    fn messages_say_the_fix() {
        let message = validate("home-connect").unwrap_err().to_string();
        assert!(message.contains("home_connect"), "{message}");
    }
}
