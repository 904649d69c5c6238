//! `appcreds check` on the fixture crate `tests/fixtures/check-fixture`: one deliberate mistake per
//! rule, each compiled fine and each reported with its code, message and `file:line`, in every
//! format.

use appcreds::check::{self, CheckProblem, Format, Report};
use appcreds::{Context, Registry};
use appcreds_check_fixture as _;

const DIR: &str = "tests/fixtures/check-fixture/src";

/// The 1-based line of the first line of `file` (in the fixture) containing `needle`.
fn line_of(file: &str, needle: &str) -> u32 {
    let path = format!(
        "{}/fixtures/check-fixture/src/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let index = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in {path}"));
    u32::try_from(index + 1).unwrap()
}

/// (code, file, the text on the reported line, a part of the message).
const EXPECTED: &[(&str, &str, &str, &str)] = &[
    (
        "duplicate_domain",
        "duplicate_domain.rs",
        "fn twice_first",
        "domain `twice` has 2 #[authorization_server] functions",
    ),
    (
        "server_and_implementation",
        "both.rs",
        "fn both_server",
        "domain `both` has both #[authorization_server] (tests/fixtures/check-fixture/src/both.rs:",
    ),
    (
        "placeholders_without_server",
        "orphan_placeholders.rs",
        "fn orphan_placeholders",
        "domain `orphan` has #[description_placeholders]",
    ),
    (
        "invalid_domain",
        "hand_registered.rs",
        "\"Hand-Domain\"",
        "domain `Hand-Domain` (tests/fixtures/check-fixture/src/hand_registered.rs:",
    ),
    (
        "invalid_strings",
        "hand_registered.rs",
        "line!(),",
        "domain `hand_strings` (tests/fixtures/check-fixture/src/hand_registered.rs:",
    ),
    (
        "invalid_strings",
        "hand_registered.rs",
        "line!(), // the description names Home Assistant",
        "`application_credentials.description` names Home Assistant (`Home Assistant`); write the instructions for appcreds",
    ),
    (
        "description_without_placeholders",
        "unprovided_description.rs",
        "fn unprovided_description_server",
        "the description uses {console_url} but the domain has no #[description_placeholders] function",
    ),
    (
        "bad_scope",
        "bad_scope.rs",
        "fn bad_scope_server",
        "domain `bad_scope`: the scope `read,write` contains the scope separator `,`; give each scope separately",
    ),
    (
        "invalid_endpoint",
        "computed_endpoint.rs",
        "fn computed_endpoint_server",
        "domain `computed_endpoint`: `token_url`: ",
    ),
    (
        "missing_description",
        "misnamed_sidecar.rs",
        "fn misnamed_sidecar_server",
        "domain `misnamed_sidecar` has no credential-dialog instructions",
    ),
    (
        "misnamed_sidecar",
        "misnamed_sidecar.rs",
        "fn misnamed_sidecar_server",
        "domain `misnamed_sidecar`: `tests/fixtures/check-fixture/src/misnamed_sidecar.json` looks like the strings of domain `misnamed_sidecar` under the wrong name: appcreds reads `tests/fixtures/check-fixture/src/misnamed_sidecar.strings.json`; rename it",
    ),
    (
        "missing_description",
        "missing_description.rs",
        "fn missing_description_server",
        "domain `missing_description` has no credential-dialog instructions; add `application_credentials.description` to `missing_description.strings.json`",
    ),
    (
        "placeholder_names_home_assistant",
        "home_assistant_link.rs",
        "fn home_assistant_link_placeholders",
        "domain `home_assistant_link`: the placeholder `docs_url` names Home Assistant (`home-assistant` in its value)",
    ),
    (
        "placeholder_unused",
        "computed_placeholders.rs",
        "fn computed_placeholders_keys",
        "domain `computed_placeholders`: the placeholder `console` is provided but the description never uses `{console}`",
    ),
    (
        "placeholder_missing",
        "computed_placeholders.rs",
        "fn computed_placeholders_keys",
        "domain `computed_placeholders`: the description uses `{console_url}` but the placeholders do not provide `console_url`",
    ),
    (
        "duplicate_param",
        "duplicate_param.rs",
        "fn duplicate_param_server",
        "domain `duplicate_param`: `authorize_param(\"prompt\", ..)` is given twice; keep one",
    ),
    (
        "empty_scope_separator",
        "empty_separator.rs",
        "fn empty_separator_server",
        "domain `empty_separator`: `scope_separator` is empty but there are several scopes",
    ),
    (
        "server_failed",
        "failing.rs",
        "fn failing_server",
        "#[authorization_server] of `failing_server` (tests/fixtures/check-fixture/src/failing.rs:",
    ),
    (
        "placeholders_failed",
        "failing.rs",
        "fn failing_placeholders()",
        "#[description_placeholders] of `failing_placeholders` (tests/fixtures/check-fixture/src/failing.rs:",
    ),
    (
        "invalid_input_pattern",
        "input_pattern.rs",
        "fn input_pattern_server",
        "domain `input_pattern`: input `project`: the pattern `[a-z` is not a valid regular expression",
    ),
    (
        "public_client_with_secret",
        "public_client.rs",
        "fn public_basic_server",
        "domain `public_basic`: the server is declared a public client (no secret) but `client_auth` is `client_secret_basic`",
    ),
    (
        "public_client_without_pkce",
        "public_client.rs",
        "fn public_no_pkce_server",
        "domain `public_no_pkce`: a public client must use PKCE",
    ),
    (
        "reserved_param",
        "reserved_param.rs",
        "fn reserved_param_server",
        "domain `reserved_param`: `token_param(\"grant_type\", ..)`: the flow sets `grant_type` itself",
    ),
    (
        "invalid_token_response_path",
        "response_path.rs",
        "fn response_path_server",
        "domain `response_path`: the token-response path `body..token` must be field names",
    ),
    (
        "undeclared_input",
        "templates.rs",
        "fn undeclared_input_server",
        "domain `undeclared_input`: the URL uses `{tenant}` but no input declares it",
    ),
    (
        "unused_input",
        "templates.rs",
        "fn unused_input_server",
        "domain `unused_input`: the input `region` is declared but no URL uses `{region}`",
    ),
    (
        "url_template",
        "templates.rs",
        "fn template_in_host_server",
        "domain `template_in_host`: `authorize_url`: `{tenant}` is in the authority part of the URL",
    ),
];

/// The report on the fixture's registrations alone (this binary links other integrations too).
async fn report() -> Report {
    let registry = Registry::builder()
        .discovered_in("appcreds_check_fixture")
        .build();
    check::check(&registry, registry.problems(), &Context::default(), None).await
}

fn find<'a>(report: &'a Report, code: &str, file: &str, line: u32) -> &'a CheckProblem {
    report
        .problems
        .iter()
        .find(|p| p.code == code && p.file.as_deref() == Some(file) && p.line == line)
        .unwrap_or_else(|| {
            panic!(
                "no {code} at {file}:{line} in\n{}",
                report.render(Format::Text)
            )
        })
}

#[tokio::test]
async fn every_rule_is_reported_at_its_file_and_line() {
    let report = report().await;
    assert!(!report.is_ok());
    for (code, file, needle, message) in EXPECTED {
        let path = format!("{DIR}/{file}");
        let line = line_of(file, needle);
        let problem = find(&report, code, &path, line);
        assert!(
            problem.message.contains(message),
            "{code}: {:?} does not contain {message:?}",
            problem.message
        );
    }
    assert_eq!(
        report.problems.len(),
        EXPECTED.len(),
        "{}",
        report.render(Format::Text)
    );
}

#[tokio::test]
async fn every_format_carries_code_message_and_location() {
    let report = report().await;
    let text = report.render(Format::Text);
    let github = report.render(Format::Github);
    let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(json["ok"], false);
    for (code, file, needle, message) in EXPECTED {
        let path = format!("{DIR}/{file}");
        let line = line_of(file, needle);
        assert!(
            text.lines().any(
                |l| l.starts_with(&format!("{path}:{line}: error[{code}]: "))
                    && l.contains(message)
            ),
            "text: {code}\n{text}"
        );
        let escaped = message.replace('%', "%25");
        assert!(
            github.lines().any(|l| l.starts_with(&format!(
                "::error file={path},line={line},title=appcreds check ({code})::"
            )) && l.contains(&escaped)),
            "github: {code}\n{github}"
        );
        assert!(
            json["problems"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["code"] == *code
                    && p["file"] == path
                    && p["line"] == line
                    && p["message"].as_str().unwrap().contains(message)),
            "json: {code}"
        );
    }
    let summary = format!(
        "{} integrations, {} problems",
        report.domains.len(),
        EXPECTED.len()
    );
    assert!(
        text.ends_with(&format!("appcreds check: {summary}\n")),
        "{text}"
    );
    assert!(
        github.ends_with(&format!("::error title=appcreds check::{summary}\n")),
        "{github}"
    );
    assert_eq!(json["integrations"], report.domains.len());
}
