//! [`Report`] and [`CheckProblem`]: what `check` found, rendered as text, JSON or GitHub workflow
//! commands.

use std::fmt::Write as _;

use serde::Serialize;

use crate::registry::SourceLocation;

/// One problem found by `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckProblem {
    /// The rule's stable code, such as `duplicate_domain` or `public_client_with_secret`.
    pub code: &'static str,
    /// The domain concerned, if one is.
    pub domain: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The file to report at, relative to the workspace where it is in one; `None` for a
    /// problem of the whole program (nothing linked, a named crate missing).
    pub file: Option<String>,
    /// The line to report at (1-based).
    pub line: u32,
}

impl CheckProblem {
    /// A problem at `location`.
    pub(crate) fn at(
        code: &'static str,
        domain: Option<&str>,
        location: SourceLocation,
        message: String,
    ) -> CheckProblem {
        CheckProblem::in_file(
            code,
            domain,
            location.file.to_owned(),
            location.line,
            message,
        )
    }

    /// A problem at `file:line`.
    pub(crate) fn in_file(
        code: &'static str,
        domain: Option<&str>,
        file: String,
        line: u32,
        message: String,
    ) -> CheckProblem {
        CheckProblem {
            code,
            domain: domain.map(str::to_owned),
            message,
            file: Some(file),
            line,
        }
    }

    /// A problem of the whole program, at no file.
    pub(crate) fn of_program(code: &'static str, domain: Option<&str>, message: String) -> Self {
        CheckProblem {
            code,
            domain: domain.map(str::to_owned),
            message,
            file: None,
            line: 1,
        }
    }
}

/// How to print a [`Report`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `file:line: error[code]: message`, one per line, then `appcreds check: N integrations,
    /// M problems`.
    #[default]
    Text,
    /// `{"ok": bool, "integrations": N, "domains": [..], "problems": [{code, domain, message,
    /// file, line}]}`.
    Json,
    /// GitHub workflow commands: `::error file=..,line=..,title=..::message`, then a `::notice`
    /// (or, on problems, `::error`) with the summary.
    Github,
}

/// Everything `check` found, and what it checked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The domains checked: the linked integrations and the unavailable ones, sorted.
    pub domains: Vec<String>,
    /// The problems, in rule order then domain order.
    pub problems: Vec<CheckProblem>,
}

impl Report {
    /// Whether no rule found anything.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// `52 integrations, 0 problems`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| match n {
            1 => format!("1 {word}"),
            n => format!("{n} {word}s"),
        };
        format!(
            "{}, {}",
            plural(self.domains.len(), "integration"),
            plural(self.problems.len(), "problem")
        )
    }

    /// The report in `format`, ending with a newline.
    pub fn render(&self, format: Format) -> String {
        let mut out = String::new();
        match format {
            Format::Text => {
                for p in &self.problems {
                    let _ = match &p.file {
                        Some(file) => {
                            writeln!(out, "{file}:{}: error[{}]: {}", p.line, p.code, p.message)
                        }
                        None => writeln!(out, "error[{}]: {}", p.code, p.message),
                    };
                }
                let _ = writeln!(out, "appcreds check: {}", self.summary());
            }
            Format::Json => {
                let json = serde_json::json!({
                    "ok": self.is_ok(),
                    "integrations": self.domains.len(),
                    "domains": self.domains,
                    "problems": self.problems,
                });
                out = serde_json::to_string_pretty(&json).unwrap_or_default();
                out.push('\n');
            }
            Format::Github => {
                for p in &self.problems {
                    let title = github_property(&format!("appcreds check ({})", p.code));
                    let _ = match &p.file {
                        Some(file) => writeln!(
                            out,
                            "::error file={},line={},title={title}::{}",
                            github_property(file),
                            p.line,
                            github_data(&p.message)
                        ),
                        None => writeln!(out, "::error title={title}::{}", github_data(&p.message)),
                    };
                }
                let level = if self.is_ok() { "notice" } else { "error" };
                let _ = writeln!(
                    out,
                    "::{level} title=appcreds check::{}",
                    github_data(&self.summary())
                );
            }
        }
        out
    }
}

/// Escapes a workflow-command message (`%`, CR, LF).
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property (also `:` and `,`).
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem() -> CheckProblem {
        CheckProblem::in_file(
            "duplicate_param",
            Some("x"),
            "src/x.rs".into(),
            7,
            "100% wrong,\nreally".into(),
        )
    }

    #[test]
    fn renders_every_format() {
        let report = Report {
            domains: vec!["x".into(), "y".into()],
            problems: vec![problem()],
        };
        assert_eq!(
            report.render(Format::Text),
            "src/x.rs:7: error[duplicate_param]: 100% wrong,\nreally\nappcreds check: 2 integrations, 1 problem\n"
        );
        assert_eq!(
            report.render(Format::Github),
            "::error file=src/x.rs,line=7,title=appcreds check (duplicate_param)::100%25 wrong,%0Areally\n::error title=appcreds check::2 integrations, 1 problem\n"
        );
        let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
        assert_eq!(json["ok"], false);
        assert_eq!(json["integrations"], 2);
        assert_eq!(json["problems"][0]["line"], 7);
        assert_eq!(
            Report::default().render(Format::Text),
            "appcreds check: 0 integrations, 0 problems\n"
        );
    }

    #[test]
    fn a_problem_of_the_program_has_no_file() {
        let report = Report {
            domains: Vec::new(),
            problems: vec![CheckProblem::of_program(
                "nothing_linked",
                None,
                "none".into(),
            )],
        };
        assert_eq!(
            report.render(Format::Text),
            "error[nothing_linked]: none\nappcreds check: 0 integrations, 1 problem\n"
        );
        assert_eq!(
            report.render(Format::Github),
            "::error title=appcreds check (nothing_linked)::none\n::error title=appcreds check::0 integrations, 1 problem\n"
        );
    }
}
