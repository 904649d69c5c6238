//! The page's views: dashboard, add-credential form, credential picker, flow outcome, refusals.

use std::fmt::Write as _;

use axum::http::StatusCode;
use axum::response::Response;

use super::html::{escape, form, hidden, message, page, utc};
use super::markdown;
use crate::http::api::schema::{AccountItem, AccountRef, CredentialItem, IntegrationConfig};
use crate::linking::{AbortReason, FlowStep, ImplementationChoice};
use crate::store::AccountStatus;
use crate::{Input, InputKind};

/// Everything the dashboard shows.
pub(crate) struct Dashboard<'a> {
    pub(crate) csrf: &'a str,
    pub(crate) notice: Option<&'a str>,
    pub(crate) integrations: &'a std::collections::BTreeMap<String, IntegrationConfig>,
    pub(crate) credentials: &'a [CredentialItem],
    pub(crate) accounts: &'a [AccountItem],
    pub(crate) now: u64,
}

/// `GET /`
pub(crate) fn dashboard(view: &Dashboard<'_>) -> Response {
    let mut body = String::new();
    if let Some(notice) = view.notice {
        body.push_str(&message("notice", notice));
    }
    body.push_str(&form("/logout", view.csrf, "", "Log out", "inline"));
    body.push_str(&accounts_table(view));
    body.push_str(&credentials_table(view));
    body.push_str(&integrations_table(view));
    page(StatusCode::OK, "Integrations and accounts", &body)
}

fn title_of<'a>(view: &'a Dashboard<'_>, domain: &'a str) -> &'a str {
    view.integrations
        .get(domain)
        .map_or(domain, |i| i.title.as_str())
}

fn accounts_table(view: &Dashboard<'_>) -> String {
    let mut out = String::from(r#"<h2 id="accounts">Linked accounts</h2>"#);
    if view.accounts.is_empty() {
        out.push_str(r#"<p class="muted">No account is linked yet: pick an integration below and press <em>Link account</em>.</p>"#);
        return out;
    }
    out.push_str("<table><thead><tr><th>Account</th><th>Integration</th><th>Credential</th><th>Token</th><th></th></tr></thead><tbody>");
    for account in view.accounts {
        let status = match (account.status, account.expires_at) {
            (AccountStatus::NeedsReauth, _) => {
                r#"<span class="status-bad">needs reauth</span>"#.to_owned()
            }
            (AccountStatus::Ok, Some(at)) if at > view.now => {
                format!(r#"<span class="status-ok">valid</span> until {}"#, utc(at))
            }
            (AccountStatus::Ok, Some(_)) if account.refreshable => {
                r#"<span class="status-ok">valid</span> (refreshed on next use)"#.to_owned()
            }
            (AccountStatus::Ok, Some(at)) => {
                format!(r#"<span class="status-bad">expired</span> at {}"#, utc(at))
            }
            (AccountStatus::Ok, None) => {
                r#"<span class="status-ok">valid</span> (no expiry given)"#.to_owned()
            }
        };
        let _ = write!(
            out,
            r#"<tr data-account="{id}"><td>{title}</td><td>{domain}</td><td>{credential}</td><td class="token-status">{status}</td><td>{reauth}{remove}</td></tr>"#,
            id = escape(&account.id),
            title = escape(&account.title),
            domain = escape(title_of(view, &account.domain)),
            credential = escape(
                account
                    .application_credentials_id
                    .as_deref()
                    .unwrap_or("(deleted)")
            ),
            reauth = form(
                &format!("/accounts/{}/reauth", account.id),
                view.csrf,
                "",
                "Reauthorize",
                "inline"
            ),
            remove = remove_account_form(&account.id, &account.title, view.csrf),
        );
    }
    out.push_str("</tbody></table>");
    out
}

fn remove_account_form(id: &str, title: &str, csrf: &str) -> String {
    form(
        &format!("/accounts/{id}/remove"),
        csrf,
        "",
        "Remove",
        "inline danger",
    )
    .replacen(
        "<form ",
        &format!(
            r#"<form data-confirm="Remove the linked account {}?" "#,
            escape(title)
        ),
        1,
    )
}

fn credentials_table(view: &Dashboard<'_>) -> String {
    let mut out = String::from(
        r#"<h2 id="credentials">Application credentials</h2><p><a href="/credentials/new">Add application credential</a></p>"#,
    );
    if view.credentials.is_empty() {
        out.push_str(r#"<p class="muted">None yet. An application credential is the client ID and secret you create at the provider's developer console.</p>"#);
        return out;
    }
    out.push_str("<table><thead><tr><th>Name</th><th>Integration</th><th>Client ID</th><th>Used by</th><th></th></tr></thead><tbody>");
    for credential in view.credentials {
        let used_by = match credential.used_by.as_slice() {
            [] => r#"<span class="muted">not used</span>"#.to_owned(),
            accounts => accounts
                .iter()
                .map(|a| escape(&a.title))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let id = &credential.id;
        let _ = write!(
            out,
            r#"<tr data-credential="{eid}"><td>{name}</td><td>{domain}</td><td><code>{client_id}</code></td><td>{used_by}</td><td>{rename}{rotate}{delete}</td></tr>"#,
            eid = escape(id),
            name = escape(credential.name.as_deref().unwrap_or(&credential.client_id)),
            domain = escape(title_of(view, &credential.domain)),
            client_id = escape(&credential.client_id),
            rename = form(
                &format!("/credentials/{id}/rename"),
                view.csrf,
                &format!(
                    r#"<input name="name" aria-label="New name" placeholder="new name" maxlength="100" value="{}">"#,
                    escape(credential.name.as_deref().unwrap_or_default())
                ),
                "Rename",
                "inline"
            ),
            rotate = form(
                &format!("/credentials/{id}/rotate"),
                view.csrf,
                r#"<input type="password" name="client_secret" aria-label="New client secret" placeholder="new secret" required autocomplete="off">"#,
                "Rotate secret",
                "inline"
            ),
            delete = form(
                &format!("/credentials/{id}/delete"),
                view.csrf,
                "",
                "Delete",
                "inline danger"
            ),
        );
    }
    out.push_str("</tbody></table>");
    out
}

fn integrations_table(view: &Dashboard<'_>) -> String {
    let mut out = String::from(
        "<h2 id=\"integrations\">Integrations</h2><table><thead><tr><th>Integration</th><th>Status</th><th></th></tr></thead><tbody>",
    );
    for (domain, integration) in view.integrations {
        let accounts = view.accounts.iter().filter(|a| &a.domain == domain);
        let (linked, reauth) = accounts.fold((0, 0), |(l, r), a| {
            (
                l + 1,
                r + usize::from(a.status == AccountStatus::NeedsReauth),
            )
        });
        let credentials = view
            .credentials
            .iter()
            .filter(|c| &c.domain == domain)
            .count();
        let status = match (linked, reauth, credentials) {
            (0, _, 0) => r#"<span class="muted">not set up</span>"#.to_owned(),
            (0, _, n) => format!("{n} credential(s), no account linked"),
            (l, 0, _) => format!(r#"<span class="status-ok">{l} account(s) linked</span>"#),
            (l, r, _) => format!(
                r#"{l} account(s) linked, <span class="status-bad">{r} need(s) reauth</span>"#
            ),
        };
        let _ = write!(
            out,
            r#"<tr data-domain="{d}"><td>{title} <span class="muted">{d}</span></td><td>{status}</td><td>{link}<a href="/credentials/new?domain={d}">Add credential</a></td></tr>"#,
            d = escape(domain),
            title = escape(&integration.title),
            link = form(
                &format!("/link/{domain}"),
                view.csrf,
                "",
                "Link account",
                "inline"
            ) + &match integration.device_flow {
                true => form(
                    &format!("/link/{domain}"),
                    view.csrf,
                    r#"<input type="hidden" name="device" value="1">"#,
                    "Link with a code",
                    "inline"
                ),
                false => String::new(),
            } + &match integration.dynamic_registration {
                true => form(
                    &format!("/link/{domain}"),
                    view.csrf,
                    r#"<input type="hidden" name="register" value="1">"#,
                    "Register automatically",
                    "inline"
                ),
                false => String::new(),
            },
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// What the add-credential form shows.
pub(crate) struct CredentialForm<'a> {
    pub(crate) csrf: &'a str,
    pub(crate) domain: Option<&'a str>,
    pub(crate) integrations: &'a std::collections::BTreeMap<String, IntegrationConfig>,
    pub(crate) redirect_uri: &'a str,
    pub(crate) link: bool,
    pub(crate) name: &'a str,
    pub(crate) client_id: &'a str,
    pub(crate) error: Option<&'a str>,
    pub(crate) notice: Option<&'a str>,
}

/// `GET /credentials/new`: pick the integration, then its description, the redirect URI with a
/// copy button, and the fields.
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
        body.push_str(r#"<form method="get" action="/credentials/new" class="stack"><label>Integration <select name="domain" id="domain">"#);
        for (domain, integration) in view.integrations {
            let _ = write!(
                body,
                r#"<option value="{d}">{t} ({d})</option>"#,
                d = escape(domain),
                t = escape(&integration.title)
            );
        }
        body.push_str(
            r#"</select></label><button type="submit" id="choose">Continue</button></form>"#,
        );
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
        r#"<p>Register this exact redirect URI at the provider:</p><div class="redirect"><code id="redirect-uri">{}</code><button type="button" class="secondary" data-copy="redirect-uri" hidden>Copy</button></div>"#,
        escape(view.redirect_uri)
    );
    let fields = format!(
        r#"{domain}{link}<label>Name <input name="name" id="name" maxlength="100" value="{name}" placeholder="optional"></label><label>Client ID <input name="client_id" id="client_id" required maxlength="255" autocomplete="off" value="{client_id}"></label><label>Client secret <input type="password" name="client_secret" id="client_secret" autocomplete="off"></label>"#,
        domain = hidden("domain", domain),
        link = if view.link {
            hidden("link", "1")
        } else {
            String::new()
        },
        name = escape(view.name),
        client_id = escape(view.client_id),
    );
    let button = if view.link {
        "Add and link account"
    } else {
        "Add"
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

/// The credential picker of a flow with several credentials.
pub(crate) fn pick(
    csrf: &str,
    flow_id: &str,
    domain: &str,
    choices: &[ImplementationChoice],
) -> Response {
    let mut options = String::new();
    for (n, choice) in choices.iter().enumerate() {
        let _ = write!(
            options,
            r#"<label><span><input type="radio" name="implementation" value="{id}"{checked}> {name}</span></label>"#,
            id = escape(&choice.id),
            name = escape(&choice.name),
            checked = if n == 0 { " checked" } else { "" },
        );
    }
    let body = format!(
        "<p>Several application credentials exist for <strong>{}</strong>: which one should this account use?</p>{}",
        escape(domain),
        form(
            &format!("/flows/{flow_id}/pick"),
            csrf,
            &options,
            "Continue",
            "stack"
        )
    );
    page(StatusCode::OK, "Pick a credential", &body)
}

/// The per-account inputs an integration needs before its flow can start (Nest's project ID,
/// OneDrive for Business' tenant, MCP's server URL), with the flow's error when a value was refused.
pub(crate) fn inputs(
    csrf: &str,
    domain: &str,
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
            r#"<label>{name} <small>({hint})</small><input type="{kind}" name="input.{name}" required></label>"#,
            name = escape(input.name()),
            hint = escape(&hint),
        );
    }
    let body = format!(
        "{}<p><strong>{}</strong> needs these values for the account before linking.</p>{}",
        error.map(|e| message("error", e)).unwrap_or_default(),
        escape(domain),
        form(
            &format!("/link/{domain}"),
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

/// The outcome of a flow: linked, or why not (every abort reason has its message).
pub(crate) fn flow_result(step: &FlowStep, status: StatusCode) -> Response {
    let (title, body) = match step {
        FlowStep::CreateEntry { account, .. } => (
            "Account linked",
            message(
                "notice",
                &format!("{} is linked. You can close this window.", account.title),
            ),
        ),
        FlowStep::Abort {
            reason: AbortReason::ReauthSuccessful,
            message: text,
            ..
        } => ("Account authorized again", message("notice", text)),
        FlowStep::Abort {
            reason,
            message: text,
            ..
        } => (
            "Linking stopped",
            format!(
                r#"{}<p class="muted">Reason: <code id="abort-reason">{}</code></p>"#,
                message("error", text),
                reason.code()
            ),
        ),
        FlowStep::Device { .. } => return super::device::device_page(step, status),
        FlowStep::External { .. }
        | FlowStep::Authorizing { .. }
        | FlowStep::PickImplementation { .. } => (
            "Waiting for the provider",
            message(
                "notice",
                "This flow has not come back from the provider yet.",
            ),
        ),
    };
    page(
        status,
        title,
        &format!(r#"{body}<p><a href="/">Back to appcreds</a></p>"#),
    )
}

/// A callback that resumed no flow, by code.
pub(crate) fn callback_failed(code: &str, status: StatusCode) -> Response {
    let text = match code {
        "invalid_state" | "unknown_flow" => {
            "This authorization link expired or was already used. Start linking the account again."
        }
        "invalid_callback" => {
            "The provider sent back an incomplete or malformed answer. Start linking the account again."
        }
        _ => {
            "Linking failed on this side; the server log has the details. Start linking the account again."
        }
    };
    page(
        status,
        "Linking failed",
        &format!(
            r#"{}<p><a href="/">Back to appcreds</a></p>"#,
            message("error", text)
        ),
    )
}

/// A credential delete refused because accounts use it: never a silent failure.
pub(crate) fn delete_refused(csrf: &str, id: &str, accounts: &[AccountRef]) -> Response {
    let mut list = String::from("<ul id=\"in-use\">");
    for account in accounts {
        let _ = write!(
            list,
            "<li>{} {}</li>",
            escape(&account.title),
            remove_account_form(&account.id, &account.title, csrf)
        );
    }
    list.push_str("</ul>");
    page(
        StatusCode::CONFLICT,
        "Credential in use",
        &format!(
            r#"{}{list}<p>Remove these accounts, or reauthorize them with another credential, then delete the credential.</p><p><a href="/">Back</a></p>"#,
            message(
                "error",
                &format!(
                    "The application credential {id} cannot be deleted: these linked accounts use it."
                )
            )
        ),
    )
}
