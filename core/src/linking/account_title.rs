//! The title a new linked account gets: who it is, when the provider says so (a name or e-mail in
//! the token response or its ID token), else the integration's title and a short id.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::oauth::Token;

/// The claims that name a person, most readable first.
const NAME_CLAIMS: [&str; 6] = [
    "name",
    "display_name",
    "email",
    "preferred_username",
    "username",
    "login",
];

/// The longest title taken from a provider (longer ones are cut).
const MAX_CHARS: usize = 100;

/// The account's name or e-mail as the provider gave it, if it did: the token response's own
/// fields first, then the claims of its ID token (read for display only; never trusted for more).
pub(crate) fn identity_title(token: &Token) -> Option<String> {
    named(&token.extra).or_else(|| {
        let id_token = token.extra.get("id_token")?.as_str()?;
        named(&id_token_claims(id_token)?)
    })
}

/// The fallback title: the integration's title and the start of the account's id.
pub(crate) fn fallback_title(integration_title: &str, account_id: &str) -> String {
    let short: String = account_id.chars().take(6).collect();
    format!("{integration_title} {short}")
}

fn named(fields: &Map<String, Value>) -> Option<String> {
    NAME_CLAIMS.iter().find_map(|claim| {
        let text = fields.get(*claim)?.as_str()?.trim();
        let clean: String = text
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_CHARS)
            .collect();
        (!clean.is_empty()).then_some(clean)
    })
}

fn id_token_claims(id_token: &str) -> Option<Map<String, Value>> {
    let payload = id_token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;
    use serde_json::json;

    fn token(extra: Value) -> Token {
        Token {
            access_token: SecretString::from("a"),
            token_type: "Bearer".into(),
            refresh_token: None,
            expires_at: None,
            scope: None,
            extra: extra.as_object().unwrap().clone(),
        }
    }

    #[test]
    fn a_name_in_the_token_response_wins() {
        let t = token(json!({"email": "ada@example.com", "name": " Ada Lovelace "}));
        assert_eq!(identity_title(&t).as_deref(), Some("Ada Lovelace"));
    }

    #[test]
    fn the_id_token_email_is_used_when_the_response_has_no_name() {
        let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"sub":"1","email":"ada@example.com"}"#);
        let t = token(json!({"id_token": format!("e30.{claims}.sig")}));
        assert_eq!(identity_title(&t).as_deref(), Some("ada@example.com"));
    }

    #[test]
    fn no_name_gives_none_and_the_fallback_names_the_integration() {
        assert_eq!(identity_title(&token(json!({"id_token": "garbage"}))), None);
        assert_eq!(fallback_title("Spotify", "a1b2c3d4e5"), "Spotify a1b2c3");
    }
}
