//! URL templates: an endpoint such as `https://nestservices.google.com/partnerconnections/{project_id}/auth`
//! whose `{names}` are filled from validated per-account inputs.
//!
//! The site can never change: a `{name}` may appear in the path or query, or be one whole label of
//! the host name in front of a fixed registrable domain (`https://{subdomain}.zendesk.com/..`,
//! at least two fixed labels after it); never in the scheme, user information, port or the rest of
//! the host. A value may not contain `/`, `\`, `@`, `?`, `#`, `%`, whitespace or control
//! characters, may not be `.` or `..`, and must match the input's declared pattern (anchored at
//! both ends); a value that fills a host label must moreover be one DNS label (letters, digits and
//! inner `-`, at most 63), so it can only pick a tenant of that fixed domain.

use std::ops::Range;

use thiserror::Error;

use crate::endpoint::{self, EndpointError};
use crate::placeholder::{self, PlaceholderError};

/// Characters no input value may contain, whatever its pattern says.
pub const FORBIDDEN: &[char] = &['/', '\\', '@', '?', '#', '%'];

/// One `{name}` in a URL template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The name between the braces.
    pub name: String,
    /// Byte range of `{name}` in the template, braces included.
    pub range: Range<usize>,
    /// Whether it is a label of the host name (`{subdomain}.zendesk.com`), whose value must be
    /// one DNS label ([`check_host_label`]).
    pub in_host: bool,
}

/// Why a URL template is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    /// A malformed `{..}`.
    #[error("{0}")]
    Syntax(PlaceholderError),
    /// A `{name}` in the scheme, user information or port, or in the host other than as one whole
    /// label in front of at least two fixed labels.
    #[error(
        "`{{{name}}}` is in the authority part of the URL; template inputs may only appear in the path or query, or as one whole label of the host in front of a fixed domain (`https://{{{name}}}.example.com/..`), so that no input can change the site"
    )]
    InAuthority {
        /// The variable.
        name: String,
    },
    /// With every variable filled, the URL is still not an acceptable endpoint.
    #[error("{0}")]
    Endpoint(EndpointError),
}

/// The `{variables}` of a URL template, checked: only in the path or query or as a host label in
/// front of a fixed domain, and with every variable filled by a harmless probe value the URL is an
/// acceptable endpoint.
///
/// ```
/// use appcreds_rules::template::{variables, TemplateError};
/// let vars = variables("https://login.example.com/{tenant}/oauth2/token").unwrap();
/// assert_eq!(vars[0].name, "tenant");
/// assert!(variables("https://example.com/token").unwrap().is_empty());
/// assert!(variables("https://{tenant}.example.com/token").unwrap()[0].in_host);
/// assert!(matches!(&variables("https://{tenant}.com/token").unwrap_err()[0], TemplateError::InAuthority { .. }));
/// assert!(matches!(&variables("https://{host}/token").unwrap_err()[0], TemplateError::InAuthority { .. }));
/// // An empty authority: the parser would take the variable as the host.
/// assert!(matches!(&variables("https:///{tenant}/oauth2/token").unwrap_err()[0], TemplateError::InAuthority { .. }));
/// // A backslash ends the host for the parser: the registrable domain would be the input's.
/// assert!(variables(r"https://{tenant}.com\a.b/token").is_err());
/// ```
pub fn variables(template: &str) -> Result<Vec<Variable>, Vec<TemplateError>> {
    let (uses, syntax) = placeholder::scan(template);
    let mut errors: Vec<TemplateError> = syntax.into_iter().map(TemplateError::Syntax).collect();
    let authority_end = authority_end(template);
    let mut in_host = Vec::new();
    for used in &uses {
        let host_label = used.range.start < authority_end && is_host_label(template, &used.range);
        if used.range.start < authority_end && !host_label {
            errors.push(TemplateError::InAuthority {
                name: used.name.clone(),
            });
        }
        in_host.push(host_label);
    }
    if errors.is_empty()
        && let Err(error) = endpoint::validate(&fill(template, |_| Some("x")))
    {
        errors.push(TemplateError::Endpoint(error));
    }
    // The textual authority can be empty (`https:///{tenant}/token`) while the URL parser takes
    // the first path segment as the host: a value must never decide where a request goes, except
    // a host-label input, whose label is all it may decide.
    if errors.is_empty() {
        let host_names: Vec<&str> = uses
            .iter()
            .zip(&in_host)
            .filter(|(_, in_host)| **in_host)
            .map(|(used, _)| used.name.as_str())
            .collect();
        let authority = |sample: &'static str| {
            let filled = fill(template, |name| {
                Some(if host_names.contains(&name) {
                    "x"
                } else {
                    sample
                })
            });
            authority_of(&filled, "x")
        };
        let textual_host = template
            .find("://")
            .map(|at| fill(&template[at + 3..authority_end], |_| Some("x")).to_ascii_lowercase());
        let host_fixed = authority("x") == authority("y");
        let labels_as_written =
            host_names.is_empty() || authority("x").map(|(host, _)| host) == textual_host;
        if !host_fixed || !labels_as_written {
            errors.extend(uses.iter().map(|used| TemplateError::InAuthority {
                name: used.name.clone(),
            }));
        }
    }
    if errors.is_empty() {
        Ok(uses
            .into_iter()
            .zip(in_host)
            .map(|(u, in_host)| Variable {
                name: u.name,
                range: u.range,
                in_host,
            })
            .collect())
    } else {
        Err(errors)
    }
}

/// The host and port `template` resolves to with every variable set to `sample`.
fn authority_of(template: &str, sample: &str) -> Option<(String, Option<u16>)> {
    let url = url::Url::parse(&fill(template, |_| Some(sample))).ok()?;
    Some((url.host_str()?.to_owned(), url.port_or_known_default()))
}

/// Where the authority (`user@host:port`) ends: the first `/`, `?` or `#` after `scheme://`, or the
/// end. Without `://` the whole string counts as authority, so no variable is accepted in it.
fn authority_end(template: &str) -> usize {
    match template.find("://") {
        Some(at) => {
            let start = at + 3;
            template[start..]
                .find(['/', '?', '#'])
                .map_or(template.len(), |end| start + end)
        }
        None => template.len(),
    }
}

/// Whether the variable at `range` is one whole label of the host (after `://` or a `.`, before a
/// `.`), with at least two labels and no other variable after it up to the end of the host, so
/// the registrable domain stays fixed (`{subdomain}.zendesk.com`, `app.{region}.intercom.com`).
/// The authority may hold no user information or port then.
fn is_host_label(template: &str, range: &Range<usize>) -> bool {
    let Some(scheme_end) = template.find("://").map(|at| at + 3) else {
        return false;
    };
    let host_end = authority_end(template);
    if range.start < scheme_end || range.end > host_end {
        return false;
    }
    if template[scheme_end..host_end].contains(['@', ':']) {
        return false;
    }
    let before = &template[scheme_end..range.start];
    let after = &template[range.end..host_end];
    let fixed: Vec<&str> = after.split('.').skip(1).collect();
    let dns = |text: &str| {
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    };
    (before.is_empty() || before.ends_with('.'))
        && dns(before)
        && after.starts_with('.')
        && fixed.len() >= 2
        && fixed.iter().all(|label| !label.is_empty() && dns(label))
}

/// Checks a value that fills a host label: one DNS label (RFC 1123: letters, digits and `-`, not
/// at either end, at most 63 bytes), so it can only name a tenant of the template's fixed domain.
///
/// ```
/// use appcreds_rules::template::check_host_label;
/// assert!(check_host_label("subdomain", "acme-corp").is_ok());
/// for evil in ["evil.com", "-x", "x-", "a_b", ""] {
///     assert!(check_host_label("subdomain", evil).is_err(), "{evil}");
/// }
/// ```
pub fn check_host_label(name: &str, value: &str) -> Result<(), InputError> {
    let bytes = value.as_bytes();
    let label = !value.is_empty()
        && value.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-');
    if label {
        Ok(())
    } else {
        Err(InputError::NotHostLabel {
            name: name.to_owned(),
        })
    }
}

/// Replaces every `{name}` by `value(name)` (left as written when `None`).
pub fn fill<'a>(template: &str, value: impl Fn(&str) -> Option<&'a str>) -> String {
    placeholder::render(template, |name| value(name).map(str::to_owned))
}

/// A compiled input pattern: a regular expression matched against the whole value.
#[derive(Debug, Clone)]
pub struct Pattern(regex_lite::Regex);

/// Why a pattern does not compile.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the pattern `{pattern}` is not a valid regular expression: {reason}")]
pub struct PatternError {
    /// The pattern as written.
    pub pattern: String,
    /// What the regex parser said.
    pub reason: String,
}

impl Pattern {
    /// Compiles `pattern`, anchored at both ends (`^(?:pattern)$`).
    ///
    /// ```
    /// use appcreds_rules::template::Pattern;
    /// let pattern = Pattern::new("[a-z0-9-]{1,63}").unwrap();
    /// assert!(pattern.matches("my-project"));
    /// assert!(!pattern.matches("my-project!"));
    /// assert!(Pattern::new("[a-z").is_err());
    /// ```
    pub fn new(pattern: &str) -> Result<Pattern, PatternError> {
        regex_lite::Regex::new(&format!("^(?:{pattern})$"))
            .map(Pattern)
            .map_err(|e| PatternError {
                pattern: pattern.to_owned(),
                reason: e.to_string().lines().last().unwrap_or_default().to_owned(),
            })
    }

    /// Whether the whole `value` matches.
    pub fn matches(&self, value: &str) -> bool {
        self.0.is_match(value)
    }
}

/// Why an input value was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputError {
    /// No value was given for a declared input.
    #[error("the input `{name}` is required")]
    Missing {
        /// The input.
        name: String,
    },
    /// The value holds a character that could change the URL's meaning.
    #[error(
        "the input `{name}` contains {found:?}; values may not contain `/`, `\\`, `@`, `?`, `#`, `%`, whitespace or control characters"
    )]
    Forbidden {
        /// The input.
        name: String,
        /// The first forbidden character.
        found: char,
    },
    /// `.` or `..`: a path segment that would move the URL's path.
    #[error("the input `{name}` may not be `.` or `..`")]
    DotSegment {
        /// The input.
        name: String,
    },
    /// The value fills a host label but is not one DNS label.
    #[error(
        "the input `{name}` is part of the host name: use only letters, digits and `-` (not at either end), at most 63"
    )]
    NotHostLabel {
        /// The input.
        name: String,
    },
    /// The value does not match the declared pattern.
    #[error("the input `{name}` must match `{pattern}`")]
    NoMatch {
        /// The input.
        name: String,
        /// The declared pattern.
        pattern: String,
    },
}

/// Checks one input value: the characters no value may hold, then the declared pattern.
///
/// ```
/// use appcreds_rules::template::{check_value, InputError, Pattern};
/// let pattern = Pattern::new(".+").unwrap();
/// assert!(check_value("tenant", "contoso.onmicrosoft.com", ".+", &pattern).is_ok());
/// assert!(matches!(check_value("tenant", "evil.com/x", ".+", &pattern), Err(InputError::Forbidden { found: '/', .. })));
/// assert!(matches!(check_value("tenant", "me@evil.com", ".+", &pattern), Err(InputError::Forbidden { found: '@', .. })));
/// ```
pub fn check_value(
    name: &str,
    value: &str,
    pattern_text: &str,
    pattern: &Pattern,
) -> Result<(), InputError> {
    if value.is_empty() {
        return Err(InputError::Missing {
            name: name.to_owned(),
        });
    }
    if let Some(found) = value
        .chars()
        .find(|c| FORBIDDEN.contains(c) || c.is_whitespace() || c.is_control())
    {
        return Err(InputError::Forbidden {
            name: name.to_owned(),
            found,
        });
    }
    if value == "." || value == ".." {
        return Err(InputError::DotSegment {
            name: name.to_owned(),
        });
    }
    if !pattern.matches(value) {
        return Err(InputError::NoMatch {
            name: name.to_owned(),
            pattern: pattern_text.to_owned(),
        });
    }
    Ok(())
}

/// A disagreement between the variables URL templates use and the inputs declared.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputMismatch {
    /// A template uses `{name}` but no input declares it.
    #[error(
        "the URL uses `{{{name}}}` but no input declares it; add `.input(\"{name}\", \"<pattern>\")`"
    )]
    Undeclared {
        /// The variable.
        name: String,
    },
    /// An input is declared but no URL uses it.
    #[error("the input `{name}` is declared but no URL uses `{{{name}}}`; remove it")]
    Unused {
        /// The input.
        name: String,
    },
    /// An input is declared twice.
    #[error("the input `{name}` is declared twice; keep one")]
    Duplicate {
        /// The input.
        name: String,
    },
    /// The input name is not an identifier.
    #[error(
        "the input name `{name}` is not an identifier; use letters, digits and `_`, starting with a letter or `_`"
    )]
    BadName {
        /// The input.
        name: String,
    },
}

/// Compares the variables used by the templates with the inputs declared.
///
/// ```
/// use appcreds_rules::template::{compare, InputMismatch};
/// assert!(compare(&["tenant"], &["tenant"]).is_empty());
/// assert_eq!(compare(&["tenant"], &["tenant_id"]).len(), 2);
/// ```
pub fn compare(used: &[&str], declared: &[&str]) -> Vec<InputMismatch> {
    let mut problems = Vec::new();
    for (i, name) in declared.iter().enumerate() {
        if !placeholder::is_identifier(name) {
            problems.push(InputMismatch::BadName {
                name: (*name).to_owned(),
            });
        } else if declared[..i].contains(name) {
            problems.push(InputMismatch::Duplicate {
                name: (*name).to_owned(),
            });
        } else if !used.contains(name) {
            problems.push(InputMismatch::Unused {
                name: (*name).to_owned(),
            });
        }
    }
    for (i, name) in used.iter().enumerate() {
        if !declared.contains(name) && !used[..i].contains(name) {
            problems.push(InputMismatch::Undeclared {
                name: (*name).to_owned(),
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_only_in_path_query_or_a_host_label() {
        assert!(variables("https://a.example/{x}/auth?p={y}").is_ok());
        for template in [
            "https://{x}.zendesk.com/auth",
            "https://app.{region}.intercom.com/oauth",
        ] {
            let vars = variables(template).unwrap();
            assert!(vars.iter().all(|v| v.in_host), "{template}");
        }
        for template in [
            "https://{x}.example/auth",
            "https://{x}/auth",
            "https://oauth.battle.{extension}/auth",
            "https://a.{x}.example/auth",
            "https://{x}-a.example.com/auth",
            "https://{x}.example.com:8443/auth",
            "https://u@{x}.example.com/auth",
            "https://{x}.example.{y}.com/auth",
            "https://a.example:{port}/auth",
            "https://{user}@a.example/auth",
            "https://a.example{x}/auth",
            "{scheme}://a.example/auth",
        ] {
            let errors = variables(template).unwrap_err();
            assert!(
                errors
                    .iter()
                    .any(|e| matches!(e, TemplateError::InAuthority { .. })),
                "{template}: {errors:?}"
            );
        }
        assert!(matches!(
            &variables("http://a.example/{x}").unwrap_err()[0],
            TemplateError::Endpoint(_)
        ));
        assert!(matches!(
            &variables("https://a.example/{bad-name}").unwrap_err()[0],
            TemplateError::Syntax(_)
        ));
    }

    #[test]
    fn values_cannot_change_the_host_or_path() {
        let any = Pattern::new(".*").unwrap();
        for value in [
            "a/b", "a@b", "a?b", "a#b", "a%2Fb", "a b", "a\tb", "a\\b", "\u{7f}",
        ] {
            assert!(
                matches!(
                    check_value("x", value, ".*", &any),
                    Err(InputError::Forbidden { .. })
                ),
                "{value:?}"
            );
        }
        for value in [".", ".."] {
            assert!(matches!(
                check_value("x", value, ".*", &any),
                Err(InputError::DotSegment { .. })
            ));
        }
        assert!(matches!(
            check_value("x", "", ".*", &any),
            Err(InputError::Missing { .. })
        ));
        let strict = Pattern::new("[a-z]+").unwrap();
        assert!(matches!(
            check_value("x", "abc1", "[a-z]+", &strict),
            Err(InputError::NoMatch { .. })
        ));
        let filled = fill("https://a.example/{x}/auth", |_| Some("evil.example"));
        assert_eq!(filled, "https://a.example/evil.example/auth");
        assert_eq!(
            url::Url::parse(&filled).unwrap().host_str(),
            Some("a.example")
        );
    }

    #[test]
    fn patterns_are_anchored() {
        let pattern = Pattern::new("[a-z]+").unwrap();
        assert!(!pattern.matches("abc/def"));
        assert!(pattern.matches("abc"));
        let alternation = Pattern::new("common|organizations").unwrap();
        assert!(!alternation.matches("commonx"));
    }

    #[test]
    fn declarations_match_uses() {
        assert_eq!(
            compare(&["a", "a"], &["a", "a", "b", "c-d"]),
            [
                InputMismatch::Duplicate { name: "a".into() },
                InputMismatch::Unused { name: "b".into() },
                InputMismatch::BadName { name: "c-d".into() },
            ]
        );
        assert_eq!(
            compare(&["z"], &[]),
            [InputMismatch::Undeclared { name: "z".into() }]
        );
    }
}
