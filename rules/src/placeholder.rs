//! `{placeholder}` names in a credential-dialog description, and placeholder keys.
//!
//! A description is Home Assistant's translation text: `{name}` is replaced by the value of the
//! placeholder `name`; `{{` and `}}` stand for literal braces.

use std::ops::Range;

use thiserror::Error;

/// The placeholder the runtime always supplies: the exact redirect URI to register at the provider.
pub const REDIRECT_URL: &str = "redirect_url";

/// One `{name}` found in a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceholderUse {
    /// The name between the braces.
    pub name: String,
    /// Byte range of `{name}` in the description, braces included.
    pub range: Range<usize>,
}

/// A problem in the placeholders of a description.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlaceholderError {
    /// `{` without a matching `}`.
    #[error(
        "the description has a `{{` at byte {at} that is never closed; close it with `}}` or write `{{{{` for a literal brace"
    )]
    Unclosed {
        /// Byte offset of the `{`.
        at: usize,
    },
    /// The text between braces is not an identifier.
    #[error(
        "`{{{name}}}` is not a valid placeholder name; use letters, digits and `_`, starting with a letter or `_`"
    )]
    BadName {
        /// The text between the braces.
        name: String,
        /// Byte range of the placeholder, braces included.
        range: Range<usize>,
    },
}

/// Whether `name` may name a placeholder: an ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`).
///
/// ```
/// assert!(appcreds_rules::placeholder::is_identifier("more_info_url"));
/// assert!(!appcreds_rules::placeholder::is_identifier("more-info"));
/// ```
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Lists the `{placeholders}` of a description, in order, with every malformed one reported.
///
/// ```
/// use appcreds_rules::placeholder::scan;
/// let (uses, errors) = scan("Go to [{console}]({console_url}) and register {redirect_url}. {{literal}}");
/// let names: Vec<_> = uses.iter().map(|u| u.name.as_str()).collect();
/// assert_eq!(names, ["console", "console_url", "redirect_url"]);
/// assert!(errors.is_empty());
/// ```
pub fn scan(description: &str) -> (Vec<PlaceholderUse>, Vec<PlaceholderError>) {
    let bytes = description.as_bytes();
    let (mut uses, mut errors) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => match description[i + 1..].find('}') {
                None => {
                    errors.push(PlaceholderError::Unclosed { at: i });
                    break;
                }
                Some(len) => {
                    let range = i..i + len + 2;
                    let name = &description[i + 1..i + 1 + len];
                    if is_identifier(name) {
                        uses.push(PlaceholderUse {
                            name: name.to_owned(),
                            range: range.clone(),
                        });
                    } else {
                        errors.push(PlaceholderError::BadName {
                            name: name.to_owned(),
                            range: range.clone(),
                        });
                    }
                    i = range.end;
                }
            },
            _ => i += 1,
        }
    }
    (uses, errors)
}

/// Replaces every `{name}` by `value(name)` (unknown names are left as written) and `{{`/`}}` by braces.
///
/// ```
/// use appcreds_rules::placeholder::render;
/// let text = render("Open {url} {{now}}", |name| (name == "url").then(|| "https://example.com".to_owned()));
/// assert_eq!(text, "Open https://example.com {now}");
/// ```
pub fn render(description: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let (uses, _) = scan(description);
    let mut out = String::with_capacity(description.len());
    let mut last = 0;
    let push_literal =
        |out: &mut String, text: &str| out.push_str(&text.replace("{{", "{").replace("}}", "}"));
    for placeholder in uses {
        push_literal(&mut out, &description[last..placeholder.range.start]);
        match value(&placeholder.name) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&description[placeholder.range.clone()]),
        }
        last = placeholder.range.end;
    }
    push_literal(&mut out, &description[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_malformed_placeholders() {
        let (uses, errors) = scan("a {bad-name} b {ok} c {");
        assert_eq!(uses.len(), 1);
        assert!(matches!(&errors[0], PlaceholderError::BadName { name, .. } if name == "bad-name"));
        assert!(matches!(errors[1], PlaceholderError::Unclosed { at: 22 }));
    }

    #[test]
    fn ranges_cover_the_braces() {
        let text = "see {more_info_url}";
        let (uses, _) = scan(text);
        assert_eq!(&text[uses[0].range.clone()], "{more_info_url}");
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("_x1"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("a b"));
        assert!(!is_identifier("é"));
    }
}

/// A disagreement between the placeholders a description uses and those an integration provides.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Mismatch {
    /// The description names `{name}` but nothing provides it.
    #[error(
        "the description uses `{{{name}}}` but the placeholders do not provide `{name}`; add (\"{name}\", \"...\") or remove it from the description"
    )]
    Missing {
        /// The placeholder name.
        name: String,
    },
    /// A placeholder is provided but the description never uses it.
    #[error(
        "the placeholder `{name}` is provided but the description never uses `{{{name}}}`; remove it or use it in the description"
    )]
    Unused {
        /// The placeholder name.
        name: String,
    },
}

/// Compares the placeholders a description uses with those provided. `{redirect_url}` is always
/// supplied by the runtime, so it is never missing; providing it anyway is allowed (it is overridden).
///
/// ```
/// use appcreds_rules::placeholder::{compare, scan, Mismatch};
/// let (uses, _) = scan("Open {console_url}, register {redirect_url}");
/// assert!(compare(&uses, ["console_url"]).is_empty());
/// assert_eq!(compare(&uses, ["more"]).len(), 2);
/// ```
pub fn compare<'a>(
    uses: &[PlaceholderUse],
    provided: impl IntoIterator<Item = &'a str>,
) -> Vec<Mismatch> {
    let provided: Vec<&str> = provided.into_iter().collect();
    let mut mismatches = Vec::new();
    for name in provided.iter().copied() {
        if name != REDIRECT_URL
            && !uses.iter().any(|u| u.name == name)
            && !mismatches_contain(&mismatches, name)
        {
            mismatches.push(Mismatch::Unused {
                name: name.to_owned(),
            });
        }
    }
    for name in uses.iter().map(|u| u.name.as_str()) {
        if name != REDIRECT_URL
            && !provided.contains(&name)
            && !mismatches_contain(&mismatches, name)
        {
            mismatches.push(Mismatch::Missing {
                name: name.to_owned(),
            });
        }
    }
    mismatches
}

fn mismatches_contain(mismatches: &[Mismatch], name: &str) -> bool {
    mismatches.iter().any(
        |m| matches!(m, Mismatch::Missing { name: n } | Mismatch::Unused { name: n } if n == name),
    )
}
