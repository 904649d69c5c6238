//! The rules of a declared [`AuthorizationServer`], one function each (serde_derive's `check.rs`
//! style). The rules themselves are `appcreds-rules`', shared with the macros, which apply them to
//! the literals they can see; here they apply to whatever the function returned.

use appcreds_rules::options::{self, ParamKind};
use appcreds_rules::template::{self, Pattern, TemplateError};
use appcreds_rules::{endpoint, placeholder};

use super::{AuthorizationServer, ServerProblem};

/// Every problem of `server`, rule by rule.
pub(super) fn problems(server: &AuthorizationServer) -> Vec<ServerProblem> {
    let mut problems = Vec::new();
    check_endpoints(server, &mut problems);
    check_issuer(server, &mut problems);
    check_params(server, &mut problems);
    check_scopes(server, &mut problems);
    check_client(server, &mut problems);
    check_inputs_used(server, &mut problems);
    check_input_patterns(server, &mut problems);
    check_response_path(server, &mut problems);
    check_names(server, &mut problems);
    problems
}

/// The renamed client-id parameter and the account values are names the flow does not use.
fn check_names(server: &AuthorizationServer, problems: &mut Vec<ServerProblem>) {
    let o = &server.options;
    if let Some(name) = &o.client_id_param {
        let extra = o
            .authorize_params
            .iter()
            .chain(&o.token_params)
            .map(|(n, _)| n.as_str());
        if let Err(error) = options::check_client_id_param(name, extra) {
            problems.push(ServerProblem::Name(error));
        }
    }
    problems.extend(
        options::check_account_values(
            o.callback_values.iter().map(String::as_str),
            o.token_values.iter().map(String::as_str),
        )
        .into_iter()
        .map(ServerProblem::Name),
    );
}

/// Every endpoint is an acceptable URL, or a template with `{inputs}` only where the template
/// rules allow them.
fn check_endpoints(server: &AuthorizationServer, problems: &mut Vec<ServerProblem>) {
    for (field, url) in endpoints(server) {
        if let Err(errors) = template::variables(url) {
            problems.extend(errors.into_iter().map(|error| match error {
                TemplateError::Endpoint(error) => ServerProblem::Endpoint { field, error },
                error => ServerProblem::Template { field, error },
            }));
        }
    }
}

/// The issuer, when declared, is an acceptable URL.
fn check_issuer(server: &AuthorizationServer, problems: &mut Vec<ServerProblem>) {
    if let Some(issuer) = &server.options.issuer
        && let Err(error) = endpoint::validate(issuer)
    {
        problems.push(ServerProblem::Endpoint {
            field: "issuer",
            error,
        });
    }
}

/// No extra parameter overrides one the flow sets, and none is given twice.
fn check_params(server: &AuthorizationServer, problems: &mut Vec<ServerProblem>) {
    for kind in ParamKind::ALL {
        let names = server.options.params(kind).iter().map(|(n, _)| n.as_str());
        problems.extend(
            options::check_params(kind, names)
                .into_iter()
                .map(ServerProblem::Param),
        );
    }
}

/// Every scope is non-empty and free of the separator, which is non-empty for several scopes.
fn check_scopes(server: &AuthorizationServer, problems: &mut Vec<ServerProblem>) {
    let scopes = server.options.scopes.iter().map(String::as_str);
    problems.extend(
        options::check_scopes(scopes, &server.options.scope_separator)
            .into_iter()
            .map(ServerProblem::Scope),
    );
}

/// A public client sends no secret and keeps PKCE on.
fn check_client(server: &AuthorizationServer, problems: &mut Vec<ServerProblem>) {
    let o = &server.options;
    problems.extend(
        options::check_client(o.public_client, o.client_auth, o.pkce)
            .into_iter()
            .map(ServerProblem::Client),
    );
}

/// Every `{name}` in the URLs is a declared input; every input is used, and declared once.
fn check_inputs_used(server: &AuthorizationServer, problems: &mut Vec<ServerProblem>) {
    // Every `{name}` counts as used, even a misplaced one: it is reported once, as misplaced.
    let used: Vec<String> = endpoints(server)
        .into_iter()
        .flat_map(|(_, url)| placeholder::scan(url).0)
        .map(|u| u.name)
        .collect();
    let used: Vec<&str> = used.iter().map(String::as_str).collect();
    let declared: Vec<&str> = server.inputs.iter().map(|i| i.name()).collect();
    problems.extend(
        template::compare(&used, &declared)
            .into_iter()
            .map(ServerProblem::Input),
    );
}

/// Every input's pattern is a regular expression.
fn check_input_patterns(server: &AuthorizationServer, problems: &mut Vec<ServerProblem>) {
    for input in &server.inputs {
        if let Err(error) = Pattern::new(input.pattern()) {
            problems.push(ServerProblem::Pattern {
                name: input.name().to_owned(),
                error,
            });
        }
    }
}

/// The token-response paths are field names joined by `.`, and at most one kind is declared.
fn check_response_path(server: &AuthorizationServer, problems: &mut Vec<ServerProblem>) {
    let o = &server.options;
    for path in [&o.token_response_path, &o.token_response_fallback_path]
        .into_iter()
        .flatten()
    {
        if let Err(error) = options::response_path(path) {
            problems.push(ServerProblem::ResponsePath(error));
        }
    }
    if o.token_response_path.is_some() && o.token_response_fallback_path.is_some() {
        problems.push(ServerProblem::BothTokenPaths);
    }
}

/// Every endpoint the server declares, named like its setter.
fn endpoints(server: &AuthorizationServer) -> Vec<(&'static str, &str)> {
    let o = &server.options;
    let optional = [
        ("refresh_url", &o.refresh_url),
        ("revocation_url", &o.revocation_url),
        ("device_authorization_url", &o.device_authorization_url),
        ("registration_url", &o.registration_url),
    ];
    [
        ("authorize_url", server.authorize_url.as_str()),
        ("token_url", server.token_url.as_str()),
    ]
    .into_iter()
    .chain(
        optional
            .into_iter()
            .filter_map(|(field, url)| Some((field, url.as_deref()?))),
    )
    .collect()
}
