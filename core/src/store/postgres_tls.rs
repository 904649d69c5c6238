//! PostgreSQL over TLS: the connection URL's `sslmode` and `sslrootcert`, read as libpq reads them
//! and checked before connecting, and TLS failures explained.
//!
//! | `sslmode` | TLS | the certificate |
//! |---|---|---|
//! | `disable` | never | — |
//! | `allow`, `prefer` (default) | when the server offers it | not checked |
//! | `require` | always | not checked (checked like `verify-ca` when `sslrootcert` is given, as libpq does) |
//! | `verify-ca` | always | signed by the CA in `sslrootcert` (or a public CA without it) |
//! | `verify-full` | always | as `verify-ca`, and it names the host connected to |
//!
//! TLS is rustls with ring (no OpenSSL), as for token requests.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgSslMode};
use thiserror::Error;

/// The `sslmode` values, as the error names them.
const MODES: &str = "disable, allow, prefer, require, verify-ca or verify-full";

/// Why a PostgreSQL URL's TLS settings are unusable, or TLS with the server failed.
#[derive(Debug, Error)]
pub enum PgTlsError {
    /// `sslmode` is not a mode.
    #[error("`sslmode={value}` in the database URL is not a mode: use {MODES}")]
    UnknownMode {
        /// The value given.
        value: String,
    },
    /// `sslrootcert` cannot be read.
    #[error(
        "`sslrootcert={path}` in the database URL cannot be read ({source}): give the path of the PEM file of the CA that signed the server's certificate"
    )]
    RootCertUnreadable {
        /// The path given.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// `sslrootcert` holds no PEM certificate.
    #[error(
        "`sslrootcert={path}` in the database URL holds no PEM certificate (`-----BEGIN CERTIFICATE-----`): give the CA certificate in PEM form"
    )]
    RootCertNotPem {
        /// The path given.
        path: String,
    },
    /// The TLS handshake (or the request for it) failed.
    #[error(
        "TLS with the PostgreSQL server at `{host}` failed (sslmode={mode}): {hint} ({source})"
    )]
    Handshake {
        /// The host connected to.
        host: String,
        /// The mode in force.
        mode: &'static str,
        /// What to do about it.
        hint: &'static str,
        /// The failure.
        #[source]
        source: sqlx::Error,
    },
}

/// The connect options of a `postgres://` URL, with its `sslmode` and `sslrootcert` checked
/// (the file is read now, so a wrong path is named before any connection is tried).
pub(crate) fn connect_options(url: &str) -> Result<PgConnectOptions, super::StoreError> {
    let parsed = url::Url::parse(url).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    let mut mode = None;
    let mut root_cert = None;
    for (key, value) in parsed.query_pairs() {
        match &*key {
            "sslmode" | "ssl-mode" => mode = Some(value.into_owned()),
            "sslrootcert" | "ssl-root-cert" | "ssl-ca" => root_cert = Some(value.into_owned()),
            _ => {}
        }
    }
    if let Some(value) = &mode {
        PgSslMode::from_str(value).map_err(|_| PgTlsError::UnknownMode {
            value: value.clone(),
        })?;
    }
    if let Some(path) = &root_cert {
        check_root_cert(path)?;
    }
    let options = PgConnectOptions::from_str(url)?;
    // libpq: "if a root CA file exists, sslmode=require behaves like verify-ca".
    Ok(match (options.get_ssl_mode(), &root_cert) {
        (PgSslMode::Require, Some(_)) => options.ssl_mode(PgSslMode::VerifyCa),
        _ => options,
    })
}

fn check_root_cert(path: &str) -> Result<(), PgTlsError> {
    let text = std::fs::read_to_string(path).map_err(|source| PgTlsError::RootCertUnreadable {
        path: path.to_owned(),
        source,
    })?;
    match text.contains("-----BEGIN CERTIFICATE-----") {
        true => Ok(()),
        false => Err(PgTlsError::RootCertNotPem {
            path: path.to_owned(),
        }),
    }
}

/// A connection failure, explained when TLS is what failed.
pub(crate) fn explain(error: sqlx::Error, options: &PgConnectOptions) -> super::StoreError {
    let tls = match &error {
        sqlx::Error::Tls(_) => true,
        sqlx::Error::Io(io) => io.kind() == std::io::ErrorKind::InvalidData,
        _ => false,
    };
    if !tls || matches!(options.get_ssl_mode(), PgSslMode::Disable) {
        return error.into();
    }
    let text = format!("{error:?} {error}").to_ascii_lowercase();
    let hint = if text.contains("notvalidforname") || text.contains("not valid for name") {
        "the server's certificate does not name this host; connect with a host name the certificate names, or use sslmode=verify-ca to check the CA only"
    } else if text.contains("unknownissuer") || text.contains("unknown issuer") {
        "the server's certificate is not signed by the CA in `sslrootcert` (or, without it, by a public CA); give the CA that signed it"
    } else if text.contains("does not support tls") {
        "the server does not offer TLS; enable `ssl` on the server, or use sslmode=prefer or disable"
    } else {
        "check the server's certificate and the URL's `sslmode` and `sslrootcert`"
    };
    PgTlsError::Handshake {
        host: options.get_host().to_owned(),
        mode: mode_name(options.get_ssl_mode()),
        hint,
        source: error,
    }
    .into()
}

pub(crate) fn mode_name(mode: PgSslMode) -> &'static str {
    match mode {
        PgSslMode::Disable => "disable",
        PgSslMode::Allow => "allow",
        PgSslMode::Prefer => "prefer",
        PgSslMode::Require => "require",
        PgSslMode::VerifyCa => "verify-ca",
        PgSslMode::VerifyFull => "verify-full",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;

    fn tls_error(url: &str) -> PgTlsError {
        match connect_options(url) {
            Err(StoreError::PgTls(error)) => error,
            other => panic!("expected a TLS setting error, got {other:?}"),
        }
    }

    #[test]
    fn modes_are_read_and_a_wrong_one_is_named() {
        for (given, mode) in [
            ("disable", PgSslMode::Disable),
            ("prefer", PgSslMode::Prefer),
            ("require", PgSslMode::Require),
            ("verify-ca", PgSslMode::VerifyCa),
            ("verify-full", PgSslMode::VerifyFull),
        ] {
            let url = format!("postgres://u@db.example/app?sslmode={given}");
            let read = connect_options(&url).unwrap().get_ssl_mode();
            assert_eq!(mode_name(read), mode_name(mode));
        }
        let error = tls_error("postgres://u@db.example/app?sslmode=verify_full");
        let message = error.to_string();
        assert!(message.contains("`sslmode=verify_full`"), "{message}");
        assert!(message.contains("verify-full"), "{message}");
    }

    #[test]
    fn a_root_cert_is_read_before_connecting() {
        let error = tls_error(
            "postgres://u@db.example/app?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
        );
        assert!(matches!(error, PgTlsError::RootCertUnreadable { .. }));
        assert!(error.to_string().contains("/nonexistent/ca.pem"), "{error}");
        let dir = tempfile::tempdir().unwrap();
        let not_pem = dir.path().join("ca.pem");
        std::fs::write(&not_pem, "hello").unwrap();
        let url = format!(
            "postgres://u@db.example/app?sslmode=verify-full&sslrootcert={}",
            not_pem.display()
        );
        assert!(matches!(tls_error(&url), PgTlsError::RootCertNotPem { .. }));
    }

    #[test]
    fn require_with_a_root_cert_checks_the_ca_as_libpq_does() {
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("ca.pem");
        std::fs::write(
            &ca,
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let url = format!(
            "postgres://u@db.example/app?sslmode=require&sslrootcert={}",
            ca.display()
        );
        let mode = connect_options(&url).unwrap().get_ssl_mode();
        assert_eq!(mode_name(mode), "verify-ca");
    }
}
