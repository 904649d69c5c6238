//! **Fuzz targets of appcreds**: each takes arbitrary bytes, feeds them to the code that reads
//! untrusted input, and panics only when a property that must hold for every input is broken.
//!
//! `fuzz/run` runs every target under AFL++ (`fuzz/afl`, one binary that picks the target from
//! `APPCREDS_FUZZ_TARGET`) and copies any crashing input into `fuzz/regressions/<target>/`; the
//! test `fuzz/tests/replay.rs` runs every seed (`fuzz/corpus/<target>/`) and every regression
//! input through the same function in a plain `cargo test`.

use appcreds::discovery;
use appcreds::linking::CallbackQuery;
use appcreds_rules::provider_text::is_unsafe;
use appcreds_rules::{endpoint, strings, template};
use url::Url;

/// A fuzz target: arbitrary bytes in, a panic when a property breaks.
pub type Target = fn(&[u8]);

/// Every target by name (the directory names under `fuzz/corpus/` and `fuzz/regressions/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("callback_query", callback_query),
    ("token_response", token_response),
    ("strings_json", strings_json),
    (
        "authorization_server_metadata",
        authorization_server_metadata,
    ),
    ("protected_resource_metadata", protected_resource_metadata),
    ("url_template", url_template),
    ("page_forms", page_forms),
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, target)| *target)
}

/// Shown text (an error message) must hold no control or invisible formatting character: it is
/// logged and put on pages.
fn assert_printable(shown: &str) {
    assert!(
        !shown.chars().any(is_unsafe),
        "an error message carries a control character: {shown:?}"
    );
}

/// The query of `GET /auth/external/callback`: parsing never fails, and a query that validates
/// holds no control character in any parameter appcreds reads.
pub fn callback_query(data: &[u8]) {
    let query = CallbackQuery::parse(&String::from_utf8_lossy(data));
    let validated = query.validate();
    if let Err(error) = &validated {
        assert_printable(&error.to_string());
    }
    if validated.is_ok() {
        for value in [
            &query.code,
            &query.state,
            &query.iss,
            &query.error,
            &query.error_description,
            &query.error_uri,
        ]
        .into_iter()
        .flatten()
        {
            assert!(!value.chars().any(is_unsafe), "{value:?} passed validation");
        }
    }
}

/// A token endpoint's answer. The first byte picks the status and whether the server declares a
/// token-response path (`body` or `data.token`) or a fallback path (`authed_user`); the rest is
/// the body. A token that comes out is
/// usable (no empty access token, no CR/LF/NUL), and an error's message is printable.
pub fn token_response(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    const STATUSES: [u16; 8] = [200, 201, 400, 401, 429, 500, 302, 101];
    let status = STATUSES[usize::from(selector & 7)];
    let (path, fallback_path) = match selector >> 3 & 3 {
        1 => (Some("body"), None),
        2 => (Some("data.token"), None),
        3 => (None, Some("authed_user")),
        _ => (None, None),
    };
    match appcreds::__private::parse_token_response(status, body, path, fallback_path) {
        Ok(token) => {
            assert!((200..300).contains(&status), "a token from HTTP {status}");
            assert!(token.check_usable().is_ok(), "an unusable token came out");
        }
        Err(error) => assert_printable(&error.to_string()),
    }
}

/// An integration's `strings.json`: parsing collects problems and never panics; their messages are
/// printable when the file's own text is.
pub fn strings_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(errors) = strings::parse(text) {
        assert!(!errors.is_empty());
        for error in errors {
            let _ = error.to_string();
        }
    }
}

/// An RFC 8414 metadata document fetched for a fixed issuer: a document that passes names the
/// same issuer and endpoints that pass the endpoint rules; an error's message is printable.
pub fn authorization_server_metadata(data: &[u8]) {
    let issuer = Url::parse("https://auth.example.com/tenant1").unwrap_or_else(|_| unreachable!());
    match discovery::parse(data, &issuer) {
        Ok(metadata) => {
            assert!(endpoint::validate(&metadata.authorization_endpoint).is_ok());
            assert!(endpoint::validate(&metadata.token_endpoint).is_ok());
            let _ = metadata.authorization_server().validate();
        }
        Err(error) => assert_printable(&error.to_string()),
    }
}

/// An RFC 9728 protected-resource document fetched for a fixed resource: one that passes names
/// that resource; an error's message is printable.
pub fn protected_resource_metadata(data: &[u8]) {
    let resource = Url::parse("https://mcp.example.com/v1/mcp").unwrap_or_else(|_| unreachable!());
    match discovery::resource::parse_protected_resource(data, &resource) {
        Ok(document) => assert_eq!(
            document.resource.trim_end_matches('/'),
            resource.as_str().trim_end_matches('/')
        ),
        Err(error) => assert_printable(&error.to_string()),
    }
}

/// A URL template, an input pattern and a value, one per line. When the template is valid and the
/// value passes its checks, the filled URL is still an acceptable endpoint, a value can never
/// move a template whose host has no variable to another host, and a value that fills a host
/// label (one DNS label) yields the host as written around it: the fixed labels stay the domain.
pub fn url_template(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(3, '\n');
    let (Some(template_text), Some(pattern_text), Some(value)) =
        (lines.next(), lines.next(), lines.next())
    else {
        return;
    };
    let Ok(variables) = template::variables(template_text) else {
        return;
    };
    let Ok(pattern) = template::Pattern::new(pattern_text) else {
        return;
    };
    if variables.is_empty()
        || template::check_value("input", value, pattern_text, &pattern).is_err()
        || variables.iter().any(|v| v.in_host)
            && template::check_host_label("input", value).is_err()
    {
        return;
    }
    let filled = template::fill(template_text, |_| Some(value));
    let url = endpoint::validate(&filled)
        .unwrap_or_else(|error| panic!("a checked value broke the template: {error}"));
    let host_with = |sample: &str| {
        Url::parse(&template::fill(template_text, |_| Some(sample)))
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
    };
    let fixed_host = host_with("x");
    if fixed_host.is_some() && fixed_host == host_with("y") {
        assert_eq!(
            url.host_str().map(str::to_owned),
            fixed_host,
            "the value {value:?} moved the request to another host"
        );
    }
    if variables.iter().any(|v| v.in_host)
        && let Some(authority) = template_text.split_once("://").map(|(_, rest)| rest)
    {
        let host = &authority[..authority.find(['/', '?', '#']).unwrap_or(authority.len())];
        assert_eq!(
            url.host_str().map(str::to_owned),
            Some(template::fill(host, |_| Some(value)).to_ascii_lowercase()),
            "the host-label value {value:?} changed more than its label"
        );
    }
}

/// A form body posted to the page, parsed as each of its forms the way its routes parse them.
pub fn page_forms(data: &[u8]) {
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|error| panic!("a Tokio runtime: {error}"));
    }
    RUNTIME.with(|runtime| {
        runtime.block_on(appcreds::__private::parse_page_forms(data));
    });
}
