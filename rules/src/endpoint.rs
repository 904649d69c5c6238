//! Authorization-server endpoints: absolute `https` URLs (plain `http` only on a loopback host),
//! without a fragment or user information.

use std::net::IpAddr;

use thiserror::Error;
use url::{Host, Url};

use crate::provider_text::Escaped;

/// Why a string is not an acceptable authorize or token endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EndpointError {
    /// The string is not a URL at all, or not an absolute one.
    #[error(
        "`{}` is not an absolute URL ({reason}); write it in full, such as `https://example.com/oauth/token`",
        Escaped(url)
    )]
    Unparsable {
        /// The rejected text.
        url: String,
        /// What the URL parser said.
        reason: String,
    },
    /// The scheme is neither `https` nor `http` on a loopback host.
    #[error(
        "`{}` uses `{scheme}`; OAuth endpoints must use `https` (plain `http` is accepted only for localhost, 127.0.0.0/8 and [::1])",
        Escaped(url)
    )]
    Insecure {
        /// The rejected URL.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// The URL carries a `#fragment`, which is never sent to a server.
    #[error(
        "`{}` has a fragment (`#{}`); remove it: fragments are not sent to the server",
        Escaped(url),
        Escaped(fragment)
    )]
    Fragment {
        /// The rejected URL.
        url: String,
        /// The fragment, without `#`.
        fragment: String,
    },
    /// The URL carries `user:password@`, which would leak into logs and is ignored by most clients.
    #[error(
        "`{}` carries user information before `@`; remove it and configure client authentication instead",
        Escaped(url)
    )]
    UserInfo {
        /// The rejected URL, with its user information replaced by `***`.
        url: String,
    },
}

/// Checks an endpoint and returns it parsed.
///
/// ```
/// use appcreds_rules::endpoint::{validate, EndpointError};
/// assert!(validate("https://accounts.spotify.com/api/token").is_ok());
/// assert!(validate("http://127.0.0.1:8080/token").is_ok());
/// assert!(matches!(validate("http://example.com/token"), Err(EndpointError::Insecure { .. })));
/// assert!(matches!(validate("https://example.com/a#b"), Err(EndpointError::Fragment { .. })));
/// ```
pub fn validate(url: &str) -> Result<Url, EndpointError> {
    let parsed = Url::parse(url).map_err(|e| EndpointError::Unparsable {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    if parsed.cannot_be_a_base() || parsed.host().is_none() {
        return Err(EndpointError::Unparsable {
            url: url.to_owned(),
            reason: "it has no host".to_owned(),
        });
    }
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback(&parsed) => {}
        scheme => {
            return Err(EndpointError::Insecure {
                url: url.to_owned(),
                scheme: scheme.to_owned(),
            });
        }
    }
    if let Some(fragment) = parsed.fragment() {
        return Err(EndpointError::Fragment {
            url: url.to_owned(),
            fragment: fragment.to_owned(),
        });
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        let mut redacted = parsed.clone();
        // Neither call can fail on a URL with a host.
        let _ = redacted.set_username("***");
        let _ = redacted.set_password(None);
        return Err(EndpointError::UserInfo {
            url: redacted.to_string(),
        });
    }
    Ok(parsed)
}

/// Whether the URL's host is `localhost`, in 127.0.0.0/8 or `::1`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_endpoints() {
        for url in [
            "https://accounts.spotify.com/authorize",
            "https://auth.monzo.com",
            "https://b2c.example.com/token?p=b2c_1a_signin",
            "https://api.weheat.nl/oauth/",
            "http://localhost:8123/auth",
            "http://127.0.0.2/token",
            "http://[::1]:9/token",
        ] {
            assert!(validate(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn rejects_with_the_reason() {
        assert!(matches!(
            validate("/authorize"),
            Err(EndpointError::Unparsable { .. })
        ));
        assert!(matches!(
            validate("not a url"),
            Err(EndpointError::Unparsable { .. })
        ));
        assert!(matches!(
            validate("mailto:a@example.com"),
            Err(EndpointError::Unparsable { .. })
        ));
        assert!(matches!(
            validate("http://example.com/token"),
            Err(EndpointError::Insecure { .. })
        ));
        assert!(matches!(
            validate("http://localhost.example.com/"),
            Err(EndpointError::Insecure { .. })
        ));
        assert!(matches!(
            validate("ftp://example.com/token"),
            Err(EndpointError::Insecure { .. })
        ));
        assert!(matches!(
            validate("https://example.com/#top"),
            Err(EndpointError::Fragment { .. })
        ));
    }

    #[test]
    fn user_information_is_refused_and_not_echoed() {
        let err = validate("https://me:hunter2@example.com/token").unwrap_err();
        assert!(matches!(err, EndpointError::UserInfo { .. }));
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
}
