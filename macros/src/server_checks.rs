//! The compile-time checks of an `#[authorization_server]` body: endpoint literals and URL
//! templates, and the options given as literals (inputs and their patterns, extra parameters, the
//! token-response path, a public client's authentication and PKCE). The rules are the runtime's,
//! from `appcreds_rules`; what is computed is left to `AuthorizationServer::validate` and
//! `appcreds check`.

use appcreds_rules::{options, template};

use crate::body::{self, FoundLiteral};
use crate::ctxt::Ctxt;
use crate::signature::Function;

/// Checks every literal the body shows.
pub(crate) fn check(cx: &Ctxt, function: &Function) {
    let urls = body::endpoint_literals(&function.body);
    let literals = body::server_options(&function.body);
    let mut used = Vec::new();
    for found in &urls {
        check_url(cx, found, &mut used);
    }
    for (_, pattern) in &literals.inputs {
        if let Some(pattern) = pattern
            && let Err(error) = template::Pattern::new(&pattern.value)
        {
            cx.error_at(pattern.span, format!("invalid input pattern: {error}"));
        }
    }
    // The URLs are known only when both arguments of `AuthorizationServer::new` are literals.
    let both_urls = urls.iter().filter(|f| f.role != "issuer").count() == 2;
    if both_urls && literals.inputs_complete {
        let declared: Vec<&str> = literals
            .inputs
            .iter()
            .map(|(n, _)| n.value.as_str())
            .collect();
        let used: Vec<&str> = used.iter().map(String::as_str).collect();
        for mismatch in template::compare(&used, &declared) {
            let span = match &mismatch {
                template::InputMismatch::Undeclared { name } => urls
                    .iter()
                    .find(|u| u.value.contains(&format!("{{{name}}}")))
                    .map(|u| u.span),
                template::InputMismatch::Unused { name }
                | template::InputMismatch::Duplicate { name }
                | template::InputMismatch::BadName { name } => literals
                    .inputs
                    .iter()
                    .rev()
                    .find(|(n, _)| &n.value == name)
                    .map(|(n, _)| n.span),
            };
            cx.error_at(span.unwrap_or(function.ident.span()), mismatch.to_string());
        }
    }
    for role in ["authorize_param", "token_param"] {
        let names: Vec<&FoundLiteral> = literals.params.iter().filter(|p| p.role == role).collect();
        for error in options::check_params(role, names.iter().map(|p| p.value.as_str())) {
            let name = match &error {
                options::ParamError::Reserved { name, .. }
                | options::ParamError::Duplicate { name, .. } => name,
            };
            let span = names
                .iter()
                .rev()
                .find(|p| &p.value == name)
                .map_or(function.ident.span(), |p| p.span);
            cx.error_at(span, error.to_string());
        }
    }
    for path in &literals.response_paths {
        if let Err(error) = options::response_path(&path.value) {
            cx.error_at(path.span, error.to_string());
        }
    }
    if literals.public_client {
        for (variant, span) in &literals.client_auth {
            let method = match variant.as_str() {
                "ClientSecretBasic" => Some("client_secret_basic"),
                "ClientSecretPost" => Some("client_secret_post"),
                _ => None,
            };
            for error in options::check_client(true, method, true) {
                cx.error_at(*span, error.to_string());
            }
        }
        if let Some(span) = literals.pkce_off {
            for error in options::check_client(true, None, false) {
                cx.error_at(span, error.to_string());
            }
        }
    }
}

/// An endpoint literal: a valid endpoint, or a template whose variables are in the path or query.
fn check_url(cx: &Ctxt, found: &FoundLiteral, used: &mut Vec<String>) {
    if found.role == "issuer" {
        if let Err(error) = appcreds_rules::endpoint::validate(&found.value) {
            cx.error_at(found.span, format!("invalid `{}`: {error}", found.role));
        }
        return;
    }
    match template::variables(&found.value) {
        Ok(variables) => used.extend(variables.into_iter().map(|v| v.name)),
        Err(errors) => {
            for error in errors {
                if let template::TemplateError::InAuthority { name } = &error {
                    used.push(name.clone());
                }
                cx.error_at(found.span, format!("invalid `{}`: {error}", found.role));
            }
        }
    }
}
