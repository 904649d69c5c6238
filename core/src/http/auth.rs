//! Authentication of `/api` and the page: a Bearer admin token, or the page's session cookie plus
//! a CSRF token on every state-changing request. Page sessions live in the store (by the hash of
//! their id), so logout ends a session on every instance that shares the database.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::admin_token::{constant_eq, session_hash};
use super::{ApiError, HttpState, MAX_BODY_BYTES};
use crate::clock::now_secs;

/// The page session cookie.
pub(crate) const SESSION_COOKIE: &str = "appcreds_session";
/// The header that carries the CSRF token for `fetch` requests.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";
/// The form field that carries the CSRF token.
pub(crate) const CSRF_FIELD: &str = "csrf_token";

/// Who is calling, put in the request's extensions by [`require_auth`].
#[derive(Debug, Clone)]
pub(crate) enum Caller {
    /// `Authorization: Bearer <admin token>`: no CSRF check (the browser never sends it by itself).
    Bearer,
    /// The page's session cookie, with the session's CSRF token.
    Page {
        /// The token forms and `fetch` must send back.
        csrf: String,
        /// The hash of the session's id, as stored (logout deletes it).
        session: String,
    },
}

impl Caller {
    /// The CSRF token to embed in forms (empty for Bearer callers).
    pub(crate) fn csrf(&self) -> &str {
        match self {
            Caller::Bearer => "",
            Caller::Page { csrf, .. } => csrf,
        }
    }
}

/// The value of cookie `name`.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Who the request comes from, if anyone we know; `Err` when the store cannot say.
pub(crate) async fn caller(
    state: &HttpState,
    headers: &HeaderMap,
) -> Result<Option<Caller>, ApiError> {
    let token = &state.config.admin_token;
    if let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let matches = value
            .strip_prefix("Bearer ")
            .is_some_and(|bearer| token.matches(bearer.trim()));
        return Ok(matches.then_some(Caller::Bearer));
    }
    let Some(session_id) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let session = session_hash(session_id);
    let open = state
        .app
        .store()
        .page_session_is_open(&session, &token.fingerprint(), now_secs())
        .await
        .map_err(|error| ApiError::internal(&error))?;
    Ok(open.then(|| Caller::Page {
        csrf: token.csrf_token(&session),
        session,
    }))
}

/// Requires a caller; checks the CSRF token of page callers on state-changing methods. API paths
/// answer 401/403 as JSON; page paths send an unauthenticated browser to the login page.
pub(crate) async fn require_auth(
    State(state): State<HttpState>,
    request: Request,
    next: Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let caller = match caller(&state, request.headers()).await {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    let Some(caller) = caller else {
        if api {
            return ApiError::unauthorized().into_response();
        }
        return Redirect::to("/login").into_response();
    };
    let mut request = request;
    if let Caller::Page { csrf, .. } = &caller
        && !matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS
        )
    {
        match checked_csrf(request, csrf).await {
            Ok(checked) => request = checked,
            Err(error) => return error.into_response(),
        }
    }
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// The request back if it carries `csrf` in the header or, for a form, in its `csrf_token` field.
async fn checked_csrf(request: Request, csrf: &str) -> Result<Request, ApiError> {
    let header_token = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok());
    if let Some(sent) = header_token {
        return match constant_eq(sent.as_bytes(), csrf.as_bytes()) {
            true => Ok(request),
            false => Err(ApiError::csrf()),
        };
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(ApiError::csrf());
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| ApiError::invalid_format("the form is too large"))?;
    let sent = url::form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == CSRF_FIELD)
        .map(|(_, value)| value.into_owned());
    match sent {
        Some(sent) if constant_eq(sent.as_bytes(), csrf.as_bytes()) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(ApiError::csrf()),
    }
}
