//! [`GrantBook`]: the authorization server's side of the code grant — single-use codes bound to a
//! redirect URI and a PKCE S256 challenge, grants, and refresh-token rotation with reuse
//! detection. Shared by the demo provider (`appcreds serve --demo`) and the strict mock provider
//! of the test suite, so both enforce the same rules.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::random_bytes;

/// How long an authorization code may wait for its exchange, in seconds.
pub const CODE_LIFETIME_SECS: u64 = 600;

/// Why a token request is refused: each maps to an OAuth `error` (RFC 6749 §5.2).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GrantError {
    /// No such code (or it expired).
    #[error("unknown or expired code")]
    UnknownCode,
    /// The code was exchanged before: its grant is now revoked.
    #[error("the code was already used; its grant is revoked")]
    CodeReused,
    /// `redirect_uri` differs from the authorization request's.
    #[error("redirect_uri differs from the authorization request")]
    RedirectMismatch,
    /// The verifier does not match the challenge (or is malformed).
    #[error("PKCE verification failed")]
    PkceFailed,
    /// A challenge was sent but no verifier.
    #[error("code_verifier required")]
    VerifierRequired,
    /// A verifier was sent for a code issued without a challenge.
    #[error("code_verifier sent without a code_challenge")]
    VerifierWithoutChallenge,
    /// No such refresh token.
    #[error("unknown refresh token")]
    UnknownRefreshToken,
    /// The grant was revoked.
    #[error("the grant is revoked")]
    Revoked,
    /// A rotated-out refresh token came back: the whole grant is revoked.
    #[error("refresh token reuse detected; the grant is revoked")]
    RefreshReuse,
}

impl GrantError {
    /// The OAuth `error` code: `invalid_grant`, or `invalid_request` for a stray verifier.
    pub fn oauth_error(&self) -> &'static str {
        match self {
            GrantError::VerifierWithoutChallenge => "invalid_request",
            _ => "invalid_grant",
        }
    }
}

/// What an authorization request asked, recorded with its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequest {
    /// The exact redirect URI of the request.
    pub redirect_uri: String,
    /// The S256 `code_challenge`, if any.
    pub challenge: Option<String>,
    /// The requested scope.
    pub scope: Option<String>,
    /// Who consented (the provider's user id).
    pub subject: String,
}

/// Tokens issued by an exchange or a refresh.
#[derive(Clone, PartialEq, Eq)]
pub struct Issued {
    /// The new access token.
    pub access_token: String,
    /// The new refresh token: always after an exchange, after a refresh only with rotation.
    pub refresh_token: Option<String>,
    /// The grant's scope.
    pub scope: Option<String>,
    /// Who the grant belongs to.
    pub subject: String,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issued")
            .field("scope", &self.scope)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct IssuedCode {
    request: CodeRequest,
    issued_at: u64,
    used_by_grant: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Grant {
    /// The redirect URI of the authorization request that created the grant.
    #[serde(default)]
    redirect_uri: String,
    current_refresh_token: String,
    revoked: bool,
    scope: Option<String>,
    subject: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AccessToken {
    grant: u64,
    expires_at: Option<u64>,
}

/// Codes, grants, refresh and access tokens of one authorization server. Serializable, so that
/// the demo provider keeps its grants across restarts.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct GrantBook {
    next_id: u64,
    codes: HashMap<String, IssuedCode>,
    grants: HashMap<u64, Grant>,
    refresh_tokens: HashMap<String, u64>,
    access_tokens: HashMap<String, AccessToken>,
    refreshes: u64,
}

/// `BASE64URL(SHA256(verifier)) == challenge`, with a verifier of 43–128 characters (RFC 7636).
pub fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge
}

fn random_suffix() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<12>())
}

impl GrantBook {
    /// An empty book.
    pub fn new() -> GrantBook {
        GrantBook::default()
    }

    fn next(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Records a consented authorization request; returns its single-use code.
    pub fn issue_code(&mut self, request: CodeRequest, now: u64) -> String {
        let code = format!("code-{}-{}", self.next(), random_suffix());
        self.codes
            .retain(|_, c| now.saturating_sub(c.issued_at) < CODE_LIFETIME_SECS);
        self.codes.insert(
            code.clone(),
            IssuedCode {
                request,
                issued_at: now,
                used_by_grant: None,
            },
        );
        code
    }

    /// Exchanges a code (grant type `authorization_code`). A reused code revokes its grant.
    pub fn exchange(
        &mut self,
        code: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        access_lifetime: Option<u64>,
        now: u64,
    ) -> Result<Issued, GrantError> {
        let issued = self
            .codes
            .get(code)
            .filter(|c| now.saturating_sub(c.issued_at) < CODE_LIFETIME_SECS)
            .ok_or(GrantError::UnknownCode)?;
        if let Some(grant) = issued.used_by_grant {
            if let Some(grant) = self.grants.get_mut(&grant) {
                grant.revoked = true;
            }
            return Err(GrantError::CodeReused);
        }
        if redirect_uri != Some(issued.request.redirect_uri.as_str()) {
            return Err(GrantError::RedirectMismatch);
        }
        match (&issued.request.challenge, verifier) {
            (Some(challenge), Some(verifier)) if pkce_matches(verifier, challenge) => {}
            (Some(_), Some(_)) => return Err(GrantError::PkceFailed),
            (Some(_), None) => return Err(GrantError::VerifierRequired),
            (None, Some(_)) => return Err(GrantError::VerifierWithoutChallenge),
            (None, None) => {}
        }
        let request = issued.request.clone();
        let grant_id = self.next();
        if let Some(issued) = self.codes.get_mut(code) {
            issued.used_by_grant = Some(grant_id);
        }
        let refresh_token = format!("rt-{grant_id}-0-{}", random_suffix());
        self.refresh_tokens.insert(refresh_token.clone(), grant_id);
        self.grants.insert(
            grant_id,
            Grant {
                redirect_uri: request.redirect_uri.clone(),
                current_refresh_token: refresh_token.clone(),
                revoked: false,
                scope: request.scope.clone(),
                subject: request.subject.clone(),
            },
        );
        let access_token = self.new_access_token(grant_id, 0, access_lifetime, now);
        Ok(Issued {
            access_token,
            refresh_token: Some(refresh_token),
            scope: request.scope,
            subject: request.subject,
        })
    }

    /// Refreshes (grant type `refresh_token`). With `rotate`, a new refresh token replaces the
    /// old one; a replaced one coming back revokes the whole grant.
    pub fn refresh(
        &mut self,
        refresh_token: &str,
        rotate: bool,
        access_lifetime: Option<u64>,
        now: u64,
    ) -> Result<Issued, GrantError> {
        let grant_id = *self
            .refresh_tokens
            .get(refresh_token)
            .ok_or(GrantError::UnknownRefreshToken)?;
        let serial = self.next();
        let grant = self
            .grants
            .get_mut(&grant_id)
            .ok_or(GrantError::UnknownRefreshToken)?;
        if grant.revoked {
            return Err(GrantError::Revoked);
        }
        if grant.current_refresh_token != refresh_token {
            grant.revoked = true;
            return Err(GrantError::RefreshReuse);
        }
        let (scope, subject) = (grant.scope.clone(), grant.subject.clone());
        let new_refresh_token =
            rotate.then(|| format!("rt-{grant_id}-{serial}-{}", random_suffix()));
        if let Some(new) = &new_refresh_token {
            grant.current_refresh_token = new.clone();
            self.refresh_tokens.insert(new.clone(), grant_id);
        }
        self.refreshes += 1;
        let access_token = self.new_access_token(grant_id, serial, access_lifetime, now);
        Ok(Issued {
            access_token,
            refresh_token: new_refresh_token,
            scope,
            subject,
        })
    }

    fn new_access_token(
        &mut self,
        grant: u64,
        serial: u64,
        lifetime: Option<u64>,
        now: u64,
    ) -> String {
        let token = format!("at-{grant}-{serial}-{}", random_suffix());
        self.access_tokens
            .retain(|_, t| t.expires_at.is_none_or(|at| at > now));
        self.access_tokens.insert(
            token.clone(),
            AccessToken {
                grant,
                expires_at: lifetime.map(|l| now + l),
            },
        );
        token
    }

    /// The redirect URI of the grant a refresh token belongs to (for servers that require it again
    /// on refresh).
    pub fn redirect_uri_of(&self, refresh_token: &str) -> Option<&str> {
        let grant = self.refresh_tokens.get(refresh_token)?;
        self.grants.get(grant).map(|g| g.redirect_uri.as_str())
    }

    /// The subject of a live access token of a live grant.
    pub fn subject_of(&self, access_token: &str, now: u64) -> Option<&str> {
        let token = self.access_tokens.get(access_token)?;
        if token.expires_at.is_some_and(|at| at <= now) {
            return None;
        }
        let grant = self.grants.get(&token.grant).filter(|g| !g.revoked)?;
        Some(&grant.subject)
    }

    /// How many refreshes succeeded.
    pub fn refresh_count(&self) -> u64 {
        self.refreshes
    }

    /// How many grants were revoked (reused code or reused refresh token).
    pub fn revoked_grants(&self) -> usize {
        self.grants.values().filter(|g| g.revoked).count()
    }

    /// How many grants are alive.
    pub fn active_grants(&self) -> usize {
        self.grants.values().filter(|g| !g.revoked).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERIFIER: &str = "dBjftJeZ4CVP-mJ92K9dWPyEH2sUcIRH3OCyOK8N8Ln";

    fn request() -> CodeRequest {
        CodeRequest {
            redirect_uri: "http://127.0.0.1:8123/auth/external/callback".into(),
            challenge: Some(URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()))),
            scope: Some("profile".into()),
            subject: "demo-user".into(),
        }
    }

    #[test]
    fn rfc7636_vector() {
        assert!(pkce_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!pkce_matches(
            "short",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
    }

    #[test]
    fn codes_are_single_use_bound_and_verified() {
        let mut book = GrantBook::new();
        let redirect = request().redirect_uri;
        let code = book.issue_code(request(), 100);
        assert_eq!(
            book.exchange(&code, Some("http://evil/"), Some(VERIFIER), None, 101),
            Err(GrantError::RedirectMismatch)
        );
        assert_eq!(
            book.exchange(&code, Some(&redirect), Some(&"x".repeat(43)), None, 101),
            Err(GrantError::PkceFailed)
        );
        let issued = book
            .exchange(&code, Some(&redirect), Some(VERIFIER), Some(60), 101)
            .unwrap();
        assert_eq!(
            book.subject_of(&issued.access_token, 120),
            Some("demo-user")
        );
        assert_eq!(book.subject_of(&issued.access_token, 200), None);
        assert_eq!(
            book.exchange(&code, Some(&redirect), Some(VERIFIER), None, 102),
            Err(GrantError::CodeReused)
        );
        assert_eq!(book.revoked_grants(), 1);
        let late = book.issue_code(request(), 100);
        assert_eq!(
            book.exchange(
                &late,
                Some(&redirect),
                Some(VERIFIER),
                None,
                100 + CODE_LIFETIME_SECS
            ),
            Err(GrantError::UnknownCode)
        );
    }

    #[test]
    fn refresh_rotates_and_reuse_revokes() {
        let mut book = GrantBook::new();
        let code = book.issue_code(request(), 0);
        let first = book
            .exchange(
                &code,
                Some(&request().redirect_uri),
                Some(VERIFIER),
                None,
                1,
            )
            .unwrap();
        let old = first.refresh_token.unwrap();
        let second = book.refresh(&old, true, None, 2).unwrap();
        let new = second.refresh_token.unwrap();
        assert_ne!(new, old);
        assert_eq!(
            book.refresh(&old, true, None, 3),
            Err(GrantError::RefreshReuse)
        );
        assert_eq!(book.refresh(&new, true, None, 4), Err(GrantError::Revoked));
        assert_eq!((book.refresh_count(), book.active_grants()), (1, 0));
    }
}
