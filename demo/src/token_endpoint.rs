//! The demo provider's token endpoint (client authentication, `authorization_code` and
//! `refresh_token` grants) and `/demo/api/me`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::grants::Issued;
use super::provider::DemoProvider;
use crate::now_secs;
use subtle::ConstantTimeEq as _;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

/// `(client_id, client_secret)` from `Authorization: Basic` (form-urlencoded parts) or the body;
/// both at once is refused.
fn client_credentials(
    headers: &HeaderMap,
    form: &[(String, String)],
) -> Result<(String, String), &'static str> {
    let body = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "));
    match (basic, body("client_secret")) {
        (Some(_), Some(_)) => Err("the client authenticated with more than one method"),
        (Some(encoded), None) => {
            let decoded = STANDARD
                .decode(encoded)
                .map_err(|_| "malformed Basic credentials")?;
            let pair = String::from_utf8(decoded).map_err(|_| "malformed Basic credentials")?;
            let (id, secret) = pair.split_once(':').ok_or("malformed Basic credentials")?;
            let decode = |part: &str| {
                url::form_urlencoded::parse(part.as_bytes())
                    .next()
                    .map(|(k, _)| k.into_owned())
                    .unwrap_or_default()
            };
            Ok((decode(id), decode(secret)))
        }
        (None, Some(secret)) => Ok((body("client_id").unwrap_or_default(), secret)),
        (None, None) => Err("client authentication required"),
    }
}

/// `POST /demo/oauth/token`
pub(crate) async fn token(
    State(provider): State<DemoProvider>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let param = |name: &str| {
        form.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let config = &provider.inner.config;
    match client_credentials(&headers, &form) {
        Ok((id, secret))
            if id == config.client_id
                && bool::from(secret.as_bytes().ct_eq(config.client_secret.as_bytes())) => {}
        Ok(_) => {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "unknown client or wrong secret",
            );
        }
        Err(reason) => return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", reason),
    }
    let lifetime = Some(config.access_token_lifetime);
    let now = now_secs();
    let issued = match param("grant_type") {
        Some("authorization_code") => provider.with_book(|book| {
            book.exchange(
                param("code").unwrap_or_default(),
                param("redirect_uri"),
                param("code_verifier"),
                lifetime,
                now,
            )
        }),
        Some("refresh_token") => provider.with_book(|book| {
            book.refresh(
                param("refresh_token").unwrap_or_default(),
                true,
                lifetime,
                now,
            )
        }),
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "use authorization_code or refresh_token",
            );
        }
    };
    match issued {
        Ok(issued) => {
            tracing::info!(subject = %issued.subject, "demo provider: tokens issued");
            (
                [(header::CACHE_CONTROL, "no-store")],
                Json(token_answer(&issued, config.access_token_lifetime)),
            )
                .into_response()
        }
        Err(error) => oauth_error(
            StatusCode::BAD_REQUEST,
            error.oauth_error(),
            &error.to_string(),
        ),
    }
}

fn token_answer(issued: &Issued, lifetime: u64) -> Value {
    let mut answer = json!({
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "user_id": issued.subject,
    });
    if let Some(refresh_token) = &issued.refresh_token {
        answer["refresh_token"] = json!(refresh_token);
    }
    if let Some(scope) = &issued.scope {
        answer["scope"] = json!(scope);
    }
    answer
}

/// `GET /demo/api/me` with `Authorization: Bearer <access token>`: `{"sub", "name"}`.
pub(crate) async fn me(State(provider): State<DemoProvider>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    match provider.read_book(|book| book.subject_of(token, now_secs()).map(str::to_owned)) {
        Some(subject) => {
            Json(json!({"sub": subject, "name": format!("Demo user {subject}")})).into_response()
        }
        None => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")],
            Json(json!({"error": "invalid_token"})),
        )
            .into_response(),
    }
}
