//! The compile-time rules of an `#[authorization_server]` body, one function each (serde_derive's
//! `check.rs` style). They apply `appcreds_rules`, the runtime's rules, to the literals the body
//! shows; what is computed is left to `AuthorizationServer::validate` and `appcreds check`.

use appcreds_rules::options::{self, ClientAuth, ParamKind};
use appcreds_rules::template::{self, InputMismatch};
use proc_macro2::Span;

use crate::body::{self, FoundLiteral, ServerOptions};
use crate::ctxt::Ctxt;
use crate::signature::Function;

/// What the rules read: the endpoint literals and the literal options of the body.
struct Body<'a> {
    function: &'a Function,
    urls: Vec<FoundLiteral>,
    options: ServerOptions,
}

/// Checks every literal the body shows.
pub(crate) fn check(cx: &Ctxt, function: &Function) {
    let body = Body {
        function,
        urls: body::endpoint_literals(&function.body),
        options: body::server_options(&function.body),
    };
    check_endpoints(cx, &body);
    check_issuer(cx, &body);
    check_input_patterns(cx, &body);
    check_inputs_used(cx, &body);
    check_params(cx, &body);
    check_scopes(cx, &body);
    check_response_paths(cx, &body);
    check_client_id_param(cx, &body);
    check_account_values(cx, &body);
    check_public_client(cx, &body);
}

/// Each endpoint literal is a valid endpoint, or a template whose `{inputs}` are in the path or query.
fn check_endpoints(cx: &Ctxt, body: &Body<'_>) {
    for found in body.urls.iter().filter(|f| f.role != "issuer") {
        if let Err(errors) = template::variables(&found.value) {
            for error in errors {
                cx.error_at(found.span, format!("invalid `{}`: {error}", found.role));
            }
        }
    }
}

/// A literal issuer is a valid endpoint (the optional endpoints are templates like the two of
/// `new`: `check_endpoints`).
fn check_issuer(cx: &Ctxt, body: &Body<'_>) {
    for found in body.urls.iter().filter(|f| f.role == "issuer") {
        if let Err(error) = appcreds_rules::endpoint::validate(&found.value) {
            cx.error_at(found.span, format!("invalid `{}`: {error}", found.role));
        }
    }
}

/// A literal input pattern is a regular expression.
fn check_input_patterns(cx: &Ctxt, body: &Body<'_>) {
    for pattern in body.options.inputs.iter().filter_map(|(_, p)| p.as_ref()) {
        if let Err(error) = template::Pattern::new(&pattern.value) {
            cx.error_at(pattern.span, format!("invalid input pattern: {error}"));
        }
    }
}

/// With both URLs and every input name literal, the `{names}` used and the inputs declared agree.
fn check_inputs_used(cx: &Ctxt, body: &Body<'_>) {
    let urls: Vec<&FoundLiteral> = body.urls.iter().filter(|f| f.role != "issuer").collect();
    let new_args = urls
        .iter()
        .filter(|f| !body::SINGLE_URL_OPTIONS.contains(&f.role));
    // The URLs are known only when both arguments of `AuthorizationServer::new` are literals.
    if new_args.count() != 2 || !body.options.inputs_complete {
        return;
    }
    // Every `{name}` counts as used, even a misplaced one (reported by `check_endpoints`).
    let used: Vec<String> = urls
        .iter()
        .flat_map(|u| appcreds_rules::placeholder::scan(&u.value).0)
        .map(|u| u.name)
        .collect();
    let used: Vec<&str> = used.iter().map(String::as_str).collect();
    let inputs = &body.options.inputs;
    let declared: Vec<&str> = inputs.iter().map(|(n, _)| n.value.as_str()).collect();
    for mismatch in template::compare(&used, &declared) {
        let span = match &mismatch {
            InputMismatch::Undeclared { name } => urls
                .iter()
                .find(|u| u.value.contains(&format!("{{{name}}}")))
                .map(|u| u.span),
            InputMismatch::Unused { name }
            | InputMismatch::Duplicate { name }
            | InputMismatch::BadName { name } => inputs
                .iter()
                .rev()
                .find(|(n, _)| &n.value == name)
                .map(|(n, _)| n.span),
        };
        cx.error_at(or_function(span, body), mismatch.to_string());
    }
}

/// No literal extra parameter overrides one the flow sets, and none is given twice.
fn check_params(cx: &Ctxt, body: &Body<'_>) {
    for kind in ParamKind::ALL {
        let names: Vec<&FoundLiteral> = body
            .options
            .params
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, p)| p)
            .collect();
        for error in options::check_params(kind, names.iter().map(|p| p.value.as_str())) {
            let span = names.iter().rev().find(|p| p.value == error.name());
            cx.error_at(or_function(span.map(|p| p.span), body), error.to_string());
        }
    }
}

/// With a literal (or the default) separator, no literal scope is empty or contains it.
fn check_scopes(cx: &Ctxt, body: &Body<'_>) {
    let separator = match &body.options.scope_separator {
        None => " ".to_owned(),
        Some(Some(separator)) => separator.value.clone(),
        Some(None) => return,
    };
    for scope in &body.options.scopes {
        for error in options::check_scopes([scope.value.as_str()], &separator) {
            cx.error_at(scope.span, error.to_string());
        }
    }
}

/// A literal token-response path is field names joined by `.`; a fixed and a fallback path
/// exclude each other.
fn check_response_paths(cx: &Ctxt, body: &Body<'_>) {
    let paths = &body.options.response_paths;
    for path in paths {
        if let Err(error) = options::response_path(&path.value) {
            cx.error_at(path.span, error.to_string());
        }
    }
    if paths.iter().any(|p| p.role == "token_response_path")
        && let Some(fallback) = paths
            .iter()
            .find(|p| p.role == "token_response_fallback_path")
    {
        cx.error_at(fallback.span, options::BOTH_TOKEN_PATHS);
    }
}

/// A literal `.client_id_param("..")` is a parameter name the flow does not use otherwise.
fn check_client_id_param(cx: &Ctxt, body: &Body<'_>) {
    let extra: Vec<&str> = body
        .options
        .params
        .iter()
        .map(|(_, p)| p.value.as_str())
        .collect();
    for name in &body.options.client_id_params {
        if let Err(error) = options::check_client_id_param(&name.value, extra.iter().copied()) {
            cx.error_at(name.span, error.to_string());
        }
    }
}

/// Literal `.callback_value("..")`/`.token_value("..")` names are well formed, not the flow's
/// own, and each declared once.
fn check_account_values(cx: &Ctxt, body: &Body<'_>) {
    let values = &body.options.account_values;
    let of = |role: &'static str| values.iter().filter(move |v| v.role == role);
    let problems = options::check_account_values(
        of("callback_value").map(|v| v.value.as_str()),
        of("token_value").map(|v| v.value.as_str()),
    );
    for error in problems {
        let (setter, name) = match &error {
            options::NameError::Malformed { setter, name }
            | options::NameError::Taken { setter, name, .. }
            | options::NameError::Duplicate { setter, name } => (*setter, name),
        };
        let span = values
            .iter()
            .rev()
            .find(|v| v.role == setter && &v.value == name)
            .map(|v| v.span);
        cx.error_at(or_function(span, body), error.to_string());
    }
}

/// A `.public_client()` sends no secret (`.client_auth(..)`) and keeps PKCE (`.pkce(false)`).
fn check_public_client(cx: &Ctxt, body: &Body<'_>) {
    if !body.options.public_client {
        return;
    }
    for (method, span) in &body.options.client_auth {
        for error in options::check_client(true, *method, true) {
            cx.error_at(*span, error.to_string());
        }
    }
    if let Some(span) = body.options.pkce_off {
        for error in options::check_client(true, ClientAuth::None, false) {
            cx.error_at(span, error.to_string());
        }
    }
}

/// `span`, or the function's name when the literal could not be found.
fn or_function(span: Option<Span>, body: &Body<'_>) -> Span {
    span.unwrap_or(body.function.ident.span())
}
