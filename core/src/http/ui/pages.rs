//! The page's forms: add a credential (pick the integration first), pick a credential, the
//! account's inputs, rename, replace a secret, and the confirmations before deleting.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::http::StatusCode;
use axum::response::Response;

use super::dashboard::{copyable, filter_form, matches};
use super::html::{
    escape, form, form_with, hidden, labelled, link_button, message, page, url_part,
};
use super::markdown;
use crate::http::api::schema::IntegrationConfig;
use crate::linking::ImplementationChoice;
use crate::store::AccountInputs;
use crate::{Input, InputKind};

pub(crate) use super::outcome::{callback_failed, delete_refused, flow_result};

/// What the add-credential form shows.
pub(crate) struct CredentialForm<'a> {
    pub(crate) csrf: &'a str,
    pub(crate) domain: Option<&'a str>,
    pub(crate) filter: &'a str,
    pub(crate) integrations: &'a BTreeMap<String, IntegrationConfig>,
    pub(crate) redirect_uri: &'a str,
    pub(crate) link: bool,
    pub(crate) inputs: &'a AccountInputs,
    pub(crate) name: &'a str,
    pub(crate) client_id: &'a str,
    pub(crate) error: Option<&'a str>,
    pub(crate) notice: Option<&'a str>,
}

/// The hidden fields that carry an account's input values through a form.
pub(crate) fn input_fields(inputs: &AccountInputs) -> String {
    inputs
        .iter()
        .map(|(name, value)| hidden(&format!("input.{name}"), value))
        .collect()
}

/// `GET /credentials/new`: pick the integration (empty at first, filterable), then its
/// description, the redirect URI with a copy button, and the fields.
pub(crate) fn credential_form(view: &CredentialForm<'_>, status: StatusCode) -> Response {
    let mut body = String::new();
    if let Some(notice) = view.notice {
        body.push_str(&message("notice", notice));
    }
    if let Some(error) = view.error {
        body.push_str(&message("error", error));
    }
    let chosen = view.domain.and_then(|d| view.integrations.get_key_value(d));
    let Some((domain, integration)) = chosen else {
        body.push_str(&integration_picker(view));
        return page(status, "Add application credential", &body);
    };
    let _ = write!(body, r#"<h2>{}</h2>"#, escape(&integration.title));
    if let Some(description) = &integration.description {
        let _ = write!(
            body,
            r#"<div class="description">{}</div>"#,
            markdown::render(description, &integration.description_placeholders)
        );
    }
    let _ = write!(
        body,
        r#"<p>Register this exact redirect URI at the provider:</p><div class="redirect">{}</div>"#,
        copyable("redirect-uri", view.redirect_uri, "the redirect URI")
    );
    let fields = format!(
        r#"{domain}{link}{inputs}<label for="name">Name <small>(optional)</small></label><input name="name" id="name" maxlength="100" value="{name}"><label for="client_id">Client ID</label><input name="client_id" id="client_id" required maxlength="255" autocomplete="off" value="{client_id}"><label for="client_secret">Client secret</label><input type="password" name="client_secret" id="client_secret" autocomplete="off">"#,
        domain = hidden("domain", domain),
        link = if view.link {
            hidden("link", "1")
        } else {
            String::new()
        },
        inputs = input_fields(view.inputs),
        name = escape(view.name),
        client_id = escape(view.client_id),
    );
    let button = if view.link {
        "Add and link account"
    } else {
        "Add credential"
    };
    body.push_str(&form("/credentials", view.csrf, &fields, button, "stack"));
    if view.link && integration.dynamic_registration {
        body.push_str(
            r#"<p>Or let appcreds register a client at the provider for you (RFC 7591):</p>"#,
        );
        body.push_str(&form(
            &format!("/link/{domain}"),
            view.csrf,
            &hidden("register", "1"),
            "Register automatically",
            "stack",
        ));
    }
    page(status, "Add application credential", &body)
}

fn integration_picker(view: &CredentialForm<'_>) -> String {
    let mut options = String::from(r#"<option value="">Choose an integration</option>"#);
    for (domain, integration) in view.integrations {
        if !matches(view.filter, domain, &integration.title) {
            continue;
        }
        let _ = write!(
            options,
            r#"<option value="{d}">{t} ({d})</option>"#,
            d = escape(domain),
            t = escape(&integration.title)
        );
    }
    format!(
        r#"{filter}<form method="get" action="/credentials/new" class="stack"><label for="domain">Integration</label><select name="domain" id="domain" required>{options}</select><button type="submit" id="choose">Continue</button></form>"#,
        filter = filter_form("/credentials/new", "domain", view.filter, ""),
    )
}

/// Radio buttons for the credentials in `choices`, `checked` (or the first) selected.
pub(crate) fn credential_choices(
    choices: &[ImplementationChoice],
    checked: Option<&str>,
) -> String {
    let mut options = String::from(r#"<fieldset><legend>Credential</legend>"#);
    for (n, choice) in choices.iter().enumerate() {
        let on = match checked {
            Some(id) => id == choice.id,
            None => n == 0,
        };
        let _ = write!(
            options,
            r#"<label class="choice"><input type="radio" name="implementation" value="{id}"{checked}> {name}</label>"#,
            id = escape(&choice.id),
            name = escape(&choice.name),
            checked = if on { " checked" } else { "" },
        );
    }
    options.push_str("</fieldset>");
    options
}

/// The credential picker of a flow with several credentials.
pub(crate) fn pick(
    csrf: &str,
    flow_id: &str,
    integration_title: &str,
    choices: &[ImplementationChoice],
) -> Response {
    let body = format!(
        "<p>Several application credentials exist for {}. Choose the one this account should use.</p>{}",
        escape(integration_title),
        form(
            &format!("/flows/{}/pick", url_part(flow_id)),
            csrf,
            &credential_choices(choices, None),
            "Continue",
            "stack"
        )
    );
    page(StatusCode::OK, "Choose a credential", &body)
}

/// Reauthorizing an account: keep its credential or choose another (when there are several),
/// or add one first.
pub(crate) fn reauth_pick(
    csrf: &str,
    account_id: &str,
    account_title: &str,
    domain: &str,
    current: Option<&str>,
    choices: &[ImplementationChoice],
) -> Response {
    let (intro, fields) = match choices.len() {
        0 | 1 => (
            format!(
                "Sign in at the provider again to authorize {}. To use another credential, add it first.",
                escape(account_title)
            ),
            String::new(),
        ),
        _ => (
            format!(
                "Choose the credential {} should use from now on. Its current one is selected.",
                escape(account_title)
            ),
            credential_choices(choices, current),
        ),
    };
    let body = format!(
        "<p>{intro}</p>{}<p>{}</p>",
        form(
            &format!("/accounts/{}/reauth", url_part(account_id)),
            csrf,
            &fields,
            "Reauthorize",
            "stack"
        ),
        link_button(
            &format!("/credentials/new?domain={}", url_part(domain)),
            &labelled("Add another credential", &format!("for {account_title}")),
            "secondary"
        ),
    );
    page(StatusCode::OK, "Reauthorize account", &body)
}

/// The per-account inputs an integration needs before its flow can start (Nest's project ID,
/// OneDrive for Business' tenant, MCP's server URL), with the flow's error when a value was refused.
pub(crate) fn inputs(
    csrf: &str,
    domain: &str,
    integration_title: &str,
    inputs: &[Input],
    (device, register): (bool, bool),
    error: Option<&str>,
) -> Response {
    let mut fields = String::new();
    // How the link was asked for (device flow, registered client) is carried through the form.
    for (name, on) in [("device", device), ("register", register)] {
        if on {
            fields.push_str(&hidden(name, "1"));
        }
    }
    for input in inputs {
        let (kind, hint) = match input.kind() {
            InputKind::Url => ("url", "an https URL".to_owned()),
            InputKind::Template => ("text", format!("matching {}", input.pattern())),
        };
        let _ = write!(
            fields,
            r#"<label for="input-{name}">{name} <small>({hint})</small></label><input type="{kind}" id="input-{name}" name="input.{name}" required>"#,
            name = escape(input.name()),
            hint = escape(&hint),
        );
    }
    let body = format!(
        "{}<p>{} needs these values for the account before linking.</p>{}",
        error.map(|e| message("error", e)).unwrap_or_default(),
        escape(integration_title),
        form(
            &format!("/link/{}", url_part(domain)),
            csrf,
            &fields,
            "Continue",
            "stack"
        )
    );
    page(
        if error.is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
        "Account details",
        &body,
    )
}

/// A one-field form: rename an account or a credential, replace a secret.
pub(crate) struct FieldForm<'a> {
    pub(crate) csrf: &'a str,
    pub(crate) title: &'a str,
    pub(crate) intro: &'a str,
    pub(crate) action: &'a str,
    pub(crate) label: &'a str,
    pub(crate) field: &'a str,
    pub(crate) secret: bool,
    pub(crate) value: &'a str,
    pub(crate) button: &'a str,
    pub(crate) error: Option<&'a str>,
}

/// A page with a [`FieldForm`] and a Cancel link.
pub(crate) fn field_form(view: &FieldForm<'_>, status: StatusCode) -> Response {
    let input = match view.secret {
        true => format!(
            r#"<input type="password" id="field" name="{}" required autocomplete="off">"#,
            escape(view.field)
        ),
        false => format!(
            r#"<input id="field" name="{}" maxlength="100" value="{}">"#,
            escape(view.field),
            escape(view.value)
        ),
    };
    let fields = format!(
        r#"<label for="field">{}</label>{input}"#,
        escape(view.label)
    );
    let body = format!(
        "{}<p>{}</p>{}<p>{}</p>",
        view.error.map(|e| message("error", e)).unwrap_or_default(),
        escape(view.intro),
        form(view.action, view.csrf, &fields, view.button, "stack"),
        link_button("/", "Cancel", "secondary"),
    );
    page(status, view.title, &body)
}

/// Asks before something is deleted: `question` with the consequences, a danger button, Cancel.
pub(crate) fn confirm(
    csrf: &str,
    title: &str,
    consequence: &str,
    action: &str,
    button: &str,
    subject: &str,
) -> Response {
    let body = format!(
        r#"<p>{}</p><div class="actions">{}{}</div>"#,
        escape(consequence),
        form_with(
            action,
            csrf,
            "",
            &labelled(button, subject),
            "inline danger"
        ),
        link_button("/", "Cancel", "secondary"),
    );
    page(StatusCode::OK, title, &body)
}
