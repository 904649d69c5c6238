//! `appcreds check`: validates the linked registry the way Home Assistant's hassfest validates
//! integrations, and reports each problem at a `file:line`, as text, JSON or GitHub workflow
//! annotations. One function per rule; any binary that links its integrations can run [`run`].
//!
//! Rules: every [`Registry`] problem (duplicate domains, server and implementation together,
//! placeholders without a server, invalid domains, invalid `strings.json`, a description whose
//! placeholders nothing provides); every `#[authorization_server]` called with a default
//! [`Context`] and its declaration checked ([`AuthorizationServer::problems`]: endpoints, URL
//! templates and their inputs, extra parameters, client authentication, scopes, token-response
//! path); every integration has credential-dialog instructions (a `strings.json` description);
//! every `#[description_placeholders]` called, its keys compared with the description and its
//! values free of Home Assistant links; and the generated catalogue files compared with what the
//! registry generates now.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use appcreds_rules::{placeholder, strings};
use serde::Serialize;

use crate::catalogue::{CATALOGUE_JSON, CATALOGUE_MARKDOWN, Catalogue};
use crate::registry::{Integration, Problem, Registry, SourceLocation};
use crate::{AuthorizationServer, Context};

/// One problem found by `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckProblem {
    /// The rule's stable code, such as `duplicate_domain` or `public_client_with_secret`.
    pub code: &'static str,
    /// The domain concerned, if one is.
    pub domain: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The file to report at.
    pub file: String,
    /// The line to report at (1-based).
    pub line: u32,
}

/// How to print a [`Report`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `file:line: error[code]: message`, one per line.
    #[default]
    Text,
    /// `{"ok": bool, "problems": [{code, domain, message, file, line}]}`.
    Json,
    /// GitHub workflow commands: `::error file=..,line=..,title=..::message`.
    Github,
}

/// Where the generated catalogue files live, and whether to rewrite them instead of comparing.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The directory holding `catalogue.json` and `INTEGRATIONS.md`.
    pub dir: PathBuf,
    /// Write the files instead of reporting them stale.
    pub write: bool,
}

/// Everything `check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The problems, in rule order then domain order.
    pub problems: Vec<CheckProblem>,
}

impl Report {
    /// Whether no rule found anything.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// The report in `format`, ending with a newline when not empty.
    pub fn render(&self, format: Format) -> String {
        let mut out = String::new();
        match format {
            Format::Text => {
                for p in &self.problems {
                    let _ = writeln!(
                        out,
                        "{}:{}: error[{}]: {}",
                        p.file, p.line, p.code, p.message
                    );
                }
                let _ = match self.problems.len() {
                    0 => writeln!(out, "appcreds check: ok"),
                    n => writeln!(out, "appcreds check: {n} problem(s)"),
                };
            }
            Format::Json => {
                let json = serde_json::json!({"ok": self.is_ok(), "problems": self.problems});
                out = serde_json::to_string_pretty(&json).unwrap_or_default();
                out.push('\n');
            }
            Format::Github => {
                for p in &self.problems {
                    let _ = writeln!(
                        out,
                        "::error file={},line={},title={}::{}",
                        github_property(&p.file),
                        p.line,
                        github_property(&format!("appcreds check ({})", p.code)),
                        github_data(&p.message)
                    );
                }
            }
        }
        out
    }
}

/// Runs every rule on the registry linked into this program.
pub async fn run(ctx: &Context, generated: Option<&Generated>) -> Report {
    let registry = Registry::discover();
    check(&registry, registry.problems(), ctx, generated).await
}

/// Runs every rule on `registry`, whose discovery reported `registry_problems`.
pub async fn check(
    registry: &Registry,
    registry_problems: &[Problem],
    ctx: &Context,
    generated: Option<&Generated>,
) -> Report {
    let mut problems: Vec<CheckProblem> = registry_problems.iter().map(registry_rule).collect();
    for integration in registry.iter() {
        problems.extend(server_rule(integration, ctx).await);
        problems.extend(description_rule(integration));
        problems.extend(placeholders_rule(integration, ctx).await);
    }
    if let Some(generated) = generated {
        problems.extend(catalogue_rule(registry, ctx, generated).await);
    }
    Report { problems }
}

fn at(
    code: &'static str,
    domain: Option<&str>,
    location: SourceLocation,
    message: String,
) -> CheckProblem {
    CheckProblem {
        code,
        domain: domain.map(str::to_owned),
        message,
        file: location.file.to_owned(),
        line: location.line,
    }
}

/// Rule: every problem of registry discovery, at its first location.
fn registry_rule(problem: &Problem) -> CheckProblem {
    let location = problem.locations()[0];
    let domain = match problem {
        Problem::DuplicateDomain { domain, .. }
        | Problem::ServerAndImplementation { domain, .. }
        | Problem::PlaceholdersWithoutServer { domain, .. }
        | Problem::InvalidDomain { domain, .. }
        | Problem::InvalidStrings { domain, .. }
        | Problem::DescriptionWithoutPlaceholders { domain, .. } => *domain,
    };
    at(problem.code(), Some(domain), location, problem.to_string())
}

/// Rule: the `#[authorization_server]` function runs, and its declaration has no problem.
async fn server_rule(integration: &Integration, ctx: &Context) -> Vec<CheckProblem> {
    let domain = Some(integration.domain());
    let location = integration.location();
    match integration.authorization_server(ctx).await {
        Err(error) => vec![at("server_failed", domain, location, error.to_string())],
        Ok(None) => Vec::new(),
        Ok(Some(server)) => declaration_problems(&server)
            .into_iter()
            .map(|(code, message)| {
                at(
                    code,
                    domain,
                    location,
                    format!("domain `{}`: {message}", integration.domain()),
                )
            })
            .collect(),
    }
}

fn declaration_problems(server: &AuthorizationServer) -> Vec<(&'static str, String)> {
    server
        .problems()
        .iter()
        .map(|p| (p.code(), p.to_string()))
        .collect()
}

/// Rule: the integration tells the user how to get a client: its `strings.json` has a non-empty
/// `application_credentials.description`. (What the description may say is checked where it is
/// parsed, by the macros and the registry.)
fn description_rule(integration: &Integration) -> Option<CheckProblem> {
    let described = integration
        .description()
        .is_some_and(|d| !d.trim().is_empty());
    (!described).then(|| {
        let domain = integration.domain();
        let location = integration.location();
        let sidecar = strings::sidecar_name(Path::new(location.file))
            .unwrap_or_else(|| "strings.json".to_owned());
        at(
            "missing_description",
            Some(domain),
            location,
            format!(
                "domain `{domain}` has no credential-dialog instructions; add `application_credentials.description` to `{sidecar}` beside its source file, in numbered steps: where to create the OAuth client (the developer console, linked through a placeholder), which app type, the redirect URI `{{redirect_url}}` and the scopes"
            ),
        )
    })
}

/// Rule: the `#[description_placeholders]` function runs, its keys are exactly the
/// description's `{placeholders}` (`{redirect_url}` is the runtime's), and no value links to
/// Home Assistant (a ported `more_info_url` would send the user to another product's docs).
async fn placeholders_rule(integration: &Integration, ctx: &Context) -> Vec<CheckProblem> {
    let domain = integration.domain();
    let location = integration
        .placeholders_location()
        .unwrap_or(integration.location());
    let provided = match integration.placeholders(ctx).await {
        Ok(provided) => provided,
        Err(error) => {
            return vec![at(
                "placeholders_failed",
                Some(domain),
                location,
                error.to_string(),
            )];
        }
    };
    let mut problems: Vec<CheckProblem> = provided
        .iter()
        .filter_map(|(key, value)| {
            let found = strings::names_home_assistant(value)?;
            Some(at(
                "placeholder_names_home_assistant",
                Some(domain),
                location,
                format!(
                    "domain `{domain}`: the placeholder `{key}` names Home Assistant (`{found}` in its value); point it at the provider's own page"
                ),
            ))
        })
        .collect();
    let uses = integration
        .description()
        .map(|d| placeholder::scan(d).0)
        .unwrap_or_default();
    // The runtime's `redirect_url` is always there; compare what the integration provides.
    let own: Vec<&str> = provided
        .keys()
        .filter(|k| *k != placeholder::REDIRECT_URL)
        .collect();
    problems.extend(
        placeholder::compare(&uses, own)
            .into_iter()
            .map(|mismatch| {
                let code = match mismatch {
                    placeholder::Mismatch::Missing { .. } => "placeholder_missing",
                    placeholder::Mismatch::Unused { .. } => "placeholder_unused",
                };
                at(
                    code,
                    Some(domain),
                    location,
                    format!("domain `{domain}`: {mismatch}"),
                )
            }),
    );
    problems
}

/// Rule: `catalogue.json` and `INTEGRATIONS.md` equal what the registry generates (or, with
/// `write`, are rewritten). A stale file is reported at its first differing line.
async fn catalogue_rule(
    registry: &Registry,
    ctx: &Context,
    generated: &Generated,
) -> Vec<CheckProblem> {
    let catalogue = match Catalogue::build(registry, ctx).await {
        Ok(catalogue) => catalogue,
        // The failing function is already reported by the other rules.
        Err(_) => return Vec::new(),
    };
    let mut problems = Vec::new();
    for (name, expected) in [
        (CATALOGUE_JSON, catalogue.to_json()),
        (CATALOGUE_MARKDOWN, catalogue.to_markdown()),
    ] {
        let path = generated.dir.join(name);
        let file = path.display().to_string();
        if generated.write {
            if let Err(error) = std::fs::write(&path, &expected) {
                problems.push(CheckProblem {
                    code: "catalogue_unwritable",
                    domain: None,
                    message: format!("cannot write {file}: {error}"),
                    file,
                    line: 1,
                });
            }
            continue;
        }
        let found = std::fs::read_to_string(&path).unwrap_or_default();
        if let Some(line) = first_difference(&found, &expected) {
            problems.push(CheckProblem {
                code: "stale_catalogue",
                domain: None,
                message: format!(
                    "{} is not up to date with the linked integrations (first difference at line {line}); run `appcreds check --write-catalogue`",
                    file_name(&path)
                ),
                file,
                line,
            });
        }
    }
    problems
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The 1-based line where `found` first differs from `expected`, or `None` when equal.
fn first_difference(found: &str, expected: &str) -> Option<u32> {
    if found == expected {
        return None;
    }
    let mut found_lines = found.lines();
    let mut line = 1;
    for expected_line in expected.lines() {
        if found_lines.next() != Some(expected_line) {
            return Some(line);
        }
        line += 1;
    }
    Some(line)
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
        CheckProblem {
            code: "duplicate_param",
            domain: Some("x".into()),
            message: "100% wrong,\nreally".into(),
            file: "src/x.rs".into(),
            line: 7,
        }
    }

    #[test]
    fn renders_every_format() {
        let report = Report {
            problems: vec![problem()],
        };
        assert_eq!(
            report.render(Format::Text),
            "src/x.rs:7: error[duplicate_param]: 100% wrong,\nreally\nappcreds check: 1 problem(s)\n"
        );
        assert_eq!(
            report.render(Format::Github),
            "::error file=src/x.rs,line=7,title=appcreds check (duplicate_param)::100%25 wrong,%0Areally\n"
        );
        let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
        assert_eq!(json["ok"], false);
        assert_eq!(json["problems"][0]["line"], 7);
        assert_eq!(
            Report::default().render(Format::Text),
            "appcreds check: ok\n"
        );
    }

    #[test]
    fn first_differing_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(first_difference("a\nc\n", "a\nb\n"), Some(2));
        assert_eq!(first_difference("a\n", "a\nb\n"), Some(2));
        assert_eq!(first_difference("", "a\n"), Some(1));
    }
}
