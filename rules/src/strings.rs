//! `strings.json`, Home Assistant's shape:
//! `{"title": "...", "application_credentials": {"description": "... {placeholder} ..."}}`.
//!
//! Other top-level keys (a port of a Home Assistant integration keeps its `config` section, say) are
//! allowed and ignored; inside `application_credentials` only `description` is known.
//!
//! The description is appcreds' own credential-dialog instructions, so it may not name Home
//! Assistant: a ported description that tells the user to "give Home Assistant access" or links
//! to `my.home-assistant.io` sends them to the wrong product and the wrong redirect URI
//! ([`names_home_assistant`]).

use std::path::Path;

use serde_json::{Map, Value};
use thiserror::Error;

use crate::placeholder::{self, PlaceholderError, PlaceholderUse};

/// The parts of a `strings.json` that appcreds uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strings {
    /// The integration's human name, such as `Google Tasks`.
    pub title: Option<String>,
    /// The credential-dialog description: Markdown with `{placeholders}`.
    pub description: Option<String>,
}

impl Strings {
    /// The `{placeholders}` the description uses (none without a description).
    pub fn placeholder_uses(&self) -> Vec<PlaceholderUse> {
        self.description
            .as_deref()
            .map(|d| placeholder::scan(d).0)
            .unwrap_or_default()
    }
}

/// A problem in a `strings.json`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StringsError {
    /// Not JSON.
    #[error("strings.json is not valid JSON: {message} (line {line}, column {column})")]
    Json {
        /// The parser's message.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A value has the wrong JSON type.
    #[error("strings.json: `{path}` must be {expected}")]
    Shape {
        /// Dotted path of the value, such as `application_credentials.description`.
        path: String,
        /// What it must be.
        expected: &'static str,
    },
    /// An unknown key inside `application_credentials`.
    #[error(
        "strings.json: unknown key `application_credentials.{key}`; the only accepted key is `description`"
    )]
    UnknownKey {
        /// The key.
        key: String,
    },
    /// The description (or title) holds a raw URL.
    #[error(
        "strings.json: `{path}` contains the URL `{url}`; put URLs in a placeholder (\"{{name}}\") and provide it from #[description_placeholders]"
    )]
    RawUrl {
        /// Dotted path of the value.
        path: String,
        /// The URL found.
        url: String,
    },
    /// Leading or trailing whitespace.
    #[error("strings.json: `{path}` starts or ends with whitespace; trim it")]
    Whitespace {
        /// Dotted path of the value.
        path: String,
    },
    /// An HTML tag: the description is Markdown, and the page escapes raw HTML (Home Assistant's
    /// hassfest refuses HTML in translations too).
    #[error(
        "strings.json: `{path}` contains the HTML tag `{tag}`; write Markdown instead (`**bold**`, `[text]({{placeholder}})`, a blank line for a paragraph)"
    )]
    HtmlTag {
        /// Dotted path of the value.
        path: String,
        /// The tag, as written.
        tag: String,
    },
    /// A placeholder inside single quotes, such as `'{redirect_url}'` (hassfest refuses these: the
    /// quotes end up around a value that may itself hold quotes, and read as part of it).
    #[error(
        "strings.json: `{path}` puts the placeholder `{{{name}}}` inside single quotes; remove the quotes (use `{{{name}}}` alone, or backticks around it for code)"
    )]
    QuotedPlaceholder {
        /// Dotted path of the value.
        path: String,
        /// The placeholder's name.
        name: String,
    },
    /// A malformed `{placeholder}` in the description.
    #[error("strings.json: application_credentials.description: {0}")]
    Placeholder(PlaceholderError),
    /// The description names Home Assistant (copied from a Home Assistant integration).
    #[error(
        "strings.json: `{path}` names Home Assistant (`{found}`); write the instructions for appcreds: say where to create the OAuth client, give the redirect URI as `{{redirect_url}}` and link pages through placeholders"
    )]
    NamesHomeAssistant {
        /// Dotted path of the value.
        path: String,
        /// The text found, as written.
        found: String,
    },
}

const DESCRIPTION_PATH: &str = "application_credentials.description";

/// Parses and checks a `strings.json`, collecting every problem.
///
/// ```
/// use appcreds_rules::strings::parse;
/// let strings = parse(r#"{"title": "Spotify", "application_credentials": {"description": "Open {url}."}}"#).unwrap();
/// assert_eq!(strings.title.as_deref(), Some("Spotify"));
/// assert!(parse(r#"{"application_credentials": {"description": "Open https://x.example"}}"#).is_err());
/// ```
pub fn parse(json: &str) -> Result<Strings, Vec<StringsError>> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        vec![StringsError::Json {
            message: json_message(&e),
            line: e.line(),
            column: e.column(),
        }]
    })?;
    let mut errors = Vec::new();
    let Some(root) = value.as_object() else {
        return Err(vec![StringsError::Shape {
            path: "(top level)".into(),
            expected: "an object",
        }]);
    };
    let title = text_field(root, "title", "title", &mut errors);
    let description = match root.get("application_credentials") {
        None => None,
        Some(Value::Object(section)) => {
            for key in section.keys().filter(|k| *k != "description") {
                errors.push(StringsError::UnknownKey { key: key.clone() });
            }
            text_field(section, "description", DESCRIPTION_PATH, &mut errors)
        }
        Some(_) => {
            errors.push(StringsError::Shape {
                path: "application_credentials".into(),
                expected: "an object",
            });
            None
        }
    };
    if let Some(description) = &description {
        errors.extend(
            placeholder::scan(description)
                .1
                .into_iter()
                .map(StringsError::Placeholder),
        );
        for name in quoted_placeholders(description) {
            errors.push(StringsError::QuotedPlaceholder {
                path: DESCRIPTION_PATH.into(),
                name,
            });
        }
        if let Some(found) = names_home_assistant(description) {
            errors.push(StringsError::NamesHomeAssistant {
                path: DESCRIPTION_PATH.into(),
                found,
            });
        }
    }
    if errors.is_empty() {
        Ok(Strings { title, description })
    } else {
        Err(errors)
    }
}

fn text_field(
    object: &Map<String, Value>,
    key: &str,
    path: &str,
    errors: &mut Vec<StringsError>,
) -> Option<String> {
    let text = match object.get(key)? {
        Value::String(text) => text,
        _ => {
            errors.push(StringsError::Shape {
                path: path.into(),
                expected: "a string",
            });
            return None;
        }
    };
    if text.trim() != text {
        errors.push(StringsError::Whitespace { path: path.into() });
    }
    if let Some(url) = find_url(text) {
        errors.push(StringsError::RawUrl {
            path: path.into(),
            url,
        });
    }
    if let Some(tag) = find_html_tag(text) {
        errors.push(StringsError::HtmlTag {
            path: path.into(),
            tag,
        });
    }
    Some(text.clone())
}

/// The first HTML tag in `text` (`<b>`, `</a>`, `<br/>`, `<a href="..">`): a `<`, an optional
/// `/`, a letter, then anything up to the next `>` on the same line without another `<`. A
/// Markdown autolink such as `<https://x>` counts too (it is a raw URL anyway).
///
/// ```
/// use appcreds_rules::strings::find_html_tag;
/// assert_eq!(find_html_tag("Press <b>Create</b>").as_deref(), Some("<b>"));
/// assert_eq!(find_html_tag("a < b and c > d"), None);
/// assert_eq!(find_html_tag("1 <2 >"), None);
/// ```
pub fn find_html_tag(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let candidate = &rest[start..];
        let after = candidate[1..].strip_prefix('/').unwrap_or(&candidate[1..]);
        if after.starts_with(|c: char| c.is_ascii_alphabetic())
            && let Some(end) = candidate[1..].find(['>', '<', '\n'])
            && candidate[1 + end..].starts_with('>')
        {
            return Some(candidate[..end + 2].to_owned());
        }
        rest = &candidate[1..];
    }
    None
}

/// The names of placeholders written inside single quotes: `'{redirect_url}'`.
///
/// ```
/// use appcreds_rules::strings::quoted_placeholders;
/// assert_eq!(quoted_placeholders("Use '{redirect_url}' as the URI"), ["redirect_url"]);
/// assert!(quoted_placeholders("Use {redirect_url} as the user's URI").is_empty());
/// ```
pub fn quoted_placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for used in placeholder::scan(text).0 {
        let quoted =
            text[..used.range.start].ends_with('\'') && text[used.range.end..].starts_with('\'');
        if quoted && !names.contains(&used.name) {
            names.push(used.name);
        }
    }
    names
}

/// The name of the `strings.json` found beside a source file: `<stem>.strings.json` for
/// `<stem>.rs`, `strings.json` for a `mod.rs`, `lib.rs` or `main.rs` (the directory is then the
/// module). `None` for a path without a UTF-8 file stem.
///
/// ```
/// use std::path::Path;
/// use appcreds_rules::strings::sidecar_name;
/// assert_eq!(sidecar_name(Path::new("src/spotify.rs")).as_deref(), Some("spotify.strings.json"));
/// assert_eq!(sidecar_name(Path::new("src/google/mod.rs")).as_deref(), Some("strings.json"));
/// ```
pub fn sidecar_name(source: &Path) -> Option<String> {
    let stem = source.file_stem()?.to_str()?;
    Some(if matches!(stem, "mod" | "lib" | "main") {
        "strings.json".to_owned()
    } else {
        format!("{stem}.strings.json")
    })
}

/// The first raw URL (`http://`, `https://` or `www.`) in a text, if any.
pub fn find_url(text: &str) -> Option<String> {
    let start = ["https://", "http://", "www."]
        .iter()
        .filter_map(|p| text.find(p))
        .min()?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '\''))
        .unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

/// The first mention of Home Assistant in a text, as written, if any: `home` and `assistant` in
/// any case, joined by nothing, spaces, `-` or `_` (`Home Assistant`, `home-assistant.io`,
/// `my.home-assistant.io`, `HomeAssistant`, `home_assistant`).
///
/// ```
/// use appcreds_rules::strings::names_home_assistant;
/// assert_eq!(
///     names_home_assistant("Give Home  Assistant access").as_deref(),
///     Some("Home  Assistant")
/// );
/// assert_eq!(
///     names_home_assistant("see https://my.home-assistant.io/redirect/oauth").as_deref(),
///     Some("home-assistant")
/// );
/// assert_eq!(names_home_assistant("Link your account through appcreds"), None);
/// ```
pub fn names_home_assistant(text: &str) -> Option<String> {
    // ASCII lowercasing keeps every byte offset, so ranges found in `lower` slice `text`.
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("home") {
        let start = from + at;
        let rest = &lower[start + "home".len()..];
        let gap = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .len();
        if rest[gap..].starts_with("assistant") {
            let end = start + "home".len() + gap + "assistant".len();
            return Some(text[start..end].to_owned());
        }
        from = start + "home".len();
    }
    None
}

fn json_message(error: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the error carries them as fields.
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_reference_shape() {
        let strings = parse(
            r#"{"title": "Google Tasks", "config": {"step": {}},
                "application_credentials": {"description": "Follow the [instructions]({more_info_url}) for [OAuth consent screen]({oauth_consent_url})."}}"#,
        )
        .unwrap();
        assert_eq!(strings.title.as_deref(), Some("Google Tasks"));
        let names: Vec<_> = strings
            .placeholder_uses()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(names, ["more_info_url", "oauth_consent_url"]);
    }

    #[test]
    fn an_empty_object_is_fine() {
        assert_eq!(parse("{}"), Ok(Strings::default()));
    }

    #[test]
    fn collects_every_problem() {
        let errors = parse(
            r#"{"title": 3, "application_credentials": {"descripton": "x", "description": " See https://example.com/x and {bad name} "}}"#,
        )
        .unwrap_err();
        let kinds: Vec<_> = errors.iter().map(std::mem::discriminant).collect();
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(
            kinds.contains(&std::mem::discriminant(&StringsError::UnknownKey {
                key: String::new()
            }))
        );
        assert!(errors.iter().any(
            |e| matches!(e, StringsError::RawUrl { url, .. } if url == "https://example.com/x")
        ));
        assert!(
            errors
                .iter()
                .any(|e| matches!(e, StringsError::Whitespace { .. }))
        );
        assert!(
            errors
                .iter()
                .any(|e| matches!(e, StringsError::Shape { path, .. } if path == "title"))
        );
        assert!(
            errors
                .iter()
                .any(|e| matches!(e, StringsError::Placeholder(_)))
        );
    }

    #[test]
    fn reports_json_position() {
        let errors = parse("{\n  \"title\": }").unwrap_err();
        assert!(
            matches!(&errors[0], StringsError::Json { line: 2, .. }),
            "{errors:?}"
        );
    }

    #[test]
    fn refuses_a_description_that_names_home_assistant() {
        for (description, found) in [
            ("Give Home Assistant access.", "Home Assistant"),
            ("Give HOME ASSISTANT access.", "HOME ASSISTANT"),
            ("Use the homeassistant app.", "homeassistant"),
            ("Read home-assistant docs.", "home-assistant"),
            ("Use my.home-assistant.io/redirect", "home-assistant"),
            ("A home_assistant client.", "home_assistant"),
            ("Home\nAssistant wraps.", "Home\nAssistant"),
        ] {
            let json = serde_json::json!({"application_credentials": {"description": description}});
            let errors = parse(&json.to_string()).unwrap_err();
            assert_eq!(
                errors,
                [StringsError::NamesHomeAssistant {
                    path: DESCRIPTION_PATH.into(),
                    found: found.into()
                }],
                "{description:?}"
            );
            assert!(
                errors[0]
                    .to_string()
                    .contains("write the instructions for appcreds"),
                "{}",
                errors[0]
            );
        }
    }

    #[test]
    fn other_homes_and_assistants_are_fine() {
        for text in [
            "Open the Home Connect app, then ask your assistant.",
            "Homes and assistants",
            "the home page of the assistant",
            "Nest Home; Google Assistant SDK",
        ] {
            assert_eq!(names_home_assistant(text), None, "{text:?}");
        }
        // The title is the product's name, not instructions: it is not checked.
        assert!(parse(r#"{"title": "Home Assistant Cloud"}"#).is_ok());
    }

    #[test]
    fn refuses_html_tags_and_quoted_placeholders() {
        let errors = parse(
            r#"{"title": "A <i>title</i>", "application_credentials": {"description": "Press <b>Create</b>, then paste '{redirect_url}' and '{redirect_url}'."}}"#,
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                StringsError::HtmlTag {
                    path: "title".into(),
                    tag: "<i>".into()
                },
                StringsError::HtmlTag {
                    path: DESCRIPTION_PATH.into(),
                    tag: "<b>".into()
                },
                StringsError::QuotedPlaceholder {
                    path: DESCRIPTION_PATH.into(),
                    name: "redirect_url".into()
                },
            ]
        );
        assert!(
            errors[1].to_string().contains("write Markdown"),
            "{}",
            errors[1]
        );
        assert!(
            errors[2].to_string().contains("`{redirect_url}`"),
            "{}",
            errors[2]
        );
        assert!(
            parse(r#"{"application_credentials": {"description": "Use `{redirect_url}`; a < b > c; the user's '{x} y'"}}"#)
                .is_ok()
        );
        assert_eq!(find_html_tag("<br/>").as_deref(), Some("<br/>"));
        assert_eq!(
            find_html_tag(r#"<a href="x">y</a>"#).as_deref(),
            Some(r#"<a href="x">"#)
        );
        assert_eq!(find_html_tag("x </p>").as_deref(), Some("</p>"));
        assert_eq!(find_html_tag("<b\n>"), None);
    }

    #[test]
    fn finds_urls() {
        assert_eq!(
            find_url("see (https://a.example/b) now").as_deref(),
            Some("https://a.example/b")
        );
        assert_eq!(find_url("www.example.com"), Some("www.example.com".into()));
        assert_eq!(find_url("no url {here}"), None);
    }
}
