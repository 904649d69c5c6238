//! The dashboard: linked accounts (with their id and token command), application credentials and
//! the integrations, each a table that becomes stacked cards on a narrow screen.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::http::StatusCode;
use axum::response::Response;

use super::html::{escape, form, form_with, labelled, link_button, message, page, url_part, utc};
use crate::http::api::schema::{AccountItem, CredentialItem, IntegrationConfig};
use crate::store::AccountStatus;

/// Everything the dashboard shows.
pub(crate) struct Dashboard<'a> {
    pub(crate) csrf: &'a str,
    pub(crate) notice: Option<&'a str>,
    pub(crate) filter: &'a str,
    pub(crate) integrations: &'a BTreeMap<String, IntegrationConfig>,
    pub(crate) credentials: &'a [CredentialItem],
    pub(crate) accounts: &'a [AccountItem],
    pub(crate) command_args: &'a str,
    pub(crate) now: u64,
}

/// `GET /`
pub(crate) fn dashboard(view: &Dashboard<'_>) -> Response {
    let mut body = String::new();
    if let Some(notice) = view.notice {
        body.push_str(&message("notice", notice));
    }
    body.push_str(&form("/logout", view.csrf, "", "Log out", "inline logout"));
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

/// The command that prints `account`'s token, with the arguments that reach this data.
pub(crate) fn token_command(account_id: &str, domain: &str, command_args: &str) -> String {
    let mut command = format!("appcreds token {account_id}");
    if !command_args.is_empty() {
        command.push(' ');
        command.push_str(command_args);
    }
    if domain == "demo" {
        command.push_str(" --demo");
    }
    command
}

/// A `<code>` with an id and its copy button (shown by the script).
pub(crate) fn copyable(id: &str, text: &str, what: &str) -> String {
    format!(
        r#"<span class="copyable"><code id="{id}">{}</code><button type="button" class="secondary small" data-copy="{id}" hidden>{}</button></span>"#,
        escape(text),
        labelled("Copy", what),
    )
}

fn token_status(account: &AccountItem, now: u64) -> String {
    match (account.status, account.expires_at) {
        (AccountStatus::NeedsReauth, _) => {
            r#"<span class="status-bad">Needs reauthorization</span>"#.to_owned()
        }
        (AccountStatus::Ok, Some(at)) if at > now => {
            format!(r#"<span class="status-ok">Valid</span> until {}"#, utc(at))
        }
        (AccountStatus::Ok, Some(_)) if account.refreshable => {
            r#"<span class="status-ok">Valid</span> (refreshed on next use)"#.to_owned()
        }
        (AccountStatus::Ok, Some(at)) => {
            format!(r#"<span class="status-bad">Expired</span> at {}"#, utc(at))
        }
        (AccountStatus::Ok, None) => {
            r#"<span class="status-ok">Valid</span> (no expiry given)"#.to_owned()
        }
    }
}

fn credential_name<'a>(view: &'a Dashboard<'_>, id: Option<&'a str>) -> String {
    let Some(id) = id else {
        return r#"<span class="muted">Deleted</span>"#.to_owned();
    };
    let name = view
        .credentials
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.name.as_deref().unwrap_or(&c.client_id));
    escape(name)
}

fn accounts_table(view: &Dashboard<'_>) -> String {
    let mut out = String::from(r#"<h2 id="accounts">Linked accounts</h2>"#);
    if view.accounts.is_empty() {
        out.push_str(r#"<p class="muted">No account is linked yet. Find an integration below and press Link account.</p>"#);
        return out;
    }
    out.push_str(r#"<table class="cards" id="accounts-table"><thead><tr><th scope="col">Account</th><th scope="col">Integration</th><th scope="col">Credential</th><th scope="col">Token</th><th scope="col">Actions</th></tr></thead><tbody>"#);
    for (n, account) in view.accounts.iter().enumerate() {
        let id = &account.id;
        let title = &account.title;
        let command = token_command(id, &account.domain, view.command_args);
        let _ = write!(
            out,
            r#"<tr data-account="{eid}"><td data-label="Account"><strong class="account-title">{etitle}</strong><div class="small">ID {id_copy}</div><div class="small">Token command {command_copy}</div></td><td data-label="Integration">{domain}</td><td data-label="Credential" class="credential-name">{credential}</td><td data-label="Token" class="token-status">{status}</td><td data-label="Actions" class="actions">{rename}{reauth}{remove}</td></tr>"#,
            eid = escape(id),
            etitle = escape(title),
            id_copy = copyable(
                &format!("account-id-{n}"),
                id,
                &format!("the ID of {title}")
            ),
            command_copy = copyable(
                &format!("token-command-{n}"),
                &command,
                &format!("the token command of {title}")
            ),
            domain = escape(title_of(view, &account.domain)),
            credential = credential_name(view, account.application_credentials_id.as_deref()),
            status = token_status(account, view.now),
            rename = link_button(
                &format!("/accounts/{}/rename", url_part(id)),
                &labelled("Rename", title),
                "secondary"
            ),
            reauth = form_with(
                &format!("/accounts/{}/reauth", url_part(id)),
                view.csrf,
                "",
                &labelled("Reauthorize", title),
                "inline"
            ),
            remove = link_button(
                &format!("/accounts/{}/remove", url_part(id)),
                &labelled("Remove", title),
                "secondary danger"
            ),
        );
    }
    out.push_str("</tbody></table>");
    out
}

fn credentials_table(view: &Dashboard<'_>) -> String {
    let mut out = String::from(
        r#"<h2 id="credentials">Application credentials</h2><p><a class="button secondary" href="/credentials/new">Add application credential</a></p>"#,
    );
    if view.credentials.is_empty() {
        out.push_str(r#"<p class="muted">None yet. An application credential is the client ID and secret you create at the provider's developer console.</p>"#);
        return out;
    }
    out.push_str(r#"<table class="cards" id="credentials-table"><thead><tr><th scope="col">Name</th><th scope="col">Integration</th><th scope="col">Client ID</th><th scope="col">Used by</th><th scope="col">Actions</th></tr></thead><tbody>"#);
    for credential in view.credentials {
        let used_by = match credential.used_by.as_slice() {
            [] => r#"<span class="muted">Not used</span>"#.to_owned(),
            accounts => accounts
                .iter()
                .map(|a| escape(&a.title))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let id = url_part(&credential.id);
        let name = credential.name.as_deref().unwrap_or(&credential.client_id);
        let _ = write!(
            out,
            r#"<tr data-credential="{eid}"><td data-label="Name">{ename}</td><td data-label="Integration">{domain}</td><td data-label="Client ID"><code class="wrap">{client_id}</code></td><td data-label="Used by">{used_by}</td><td data-label="Actions" class="actions">{rename}{rotate}{delete}</td></tr>"#,
            eid = escape(&credential.id),
            ename = escape(name),
            domain = escape(title_of(view, &credential.domain)),
            client_id = escape(&credential.client_id),
            rename = link_button(
                &format!("/credentials/{id}/rename"),
                &labelled("Rename", name),
                "secondary"
            ),
            rotate = link_button(
                &format!("/credentials/{id}/rotate"),
                &labelled("Replace secret", &format!("of {name}")),
                "secondary"
            ),
            delete = link_button(
                &format!("/credentials/{id}/delete"),
                &labelled("Delete", name),
                "secondary danger"
            ),
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// Whether integration `domain` matches the typed filter (title or domain, any case).
pub(crate) fn matches(filter: &str, domain: &str, title: &str) -> bool {
    let filter = filter.trim().to_lowercase();
    filter.is_empty()
        || domain.to_lowercase().contains(&filter)
        || title.to_lowercase().contains(&filter)
}

/// The filter box: a GET form (works without the script, which filters as you type).
pub(crate) fn filter_form(action: &str, target: &str, value: &str, extra: &str) -> String {
    format!(
        r#"<form method="get" action="{action}" class="filter" role="search"><label for="filter">Filter integrations</label><span class="filter-row"><input type="search" id="filter" name="q" value="{}" data-filter="{target}" autocomplete="off" placeholder="Type a name, such as Spotify">{extra}<button type="submit" class="secondary">Filter</button></span></form>"#,
        escape(value)
    )
}

fn integrations_table(view: &Dashboard<'_>) -> String {
    let mut out = format!(
        r#"<h2 id="integrations">Integrations</h2>{}"#,
        filter_form("/#integrations", "integrations-table", view.filter, "")
    );
    out.push_str(r#"<table class="cards" id="integrations-table"><thead><tr><th scope="col">Integration</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead><tbody>"#);
    let mut shown = 0;
    for (domain, integration) in view.integrations {
        if !matches(view.filter, domain, &integration.title) {
            continue;
        }
        shown += 1;
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
            (0, _, 0) => r#"<span class="muted">Not set up</span>"#.to_owned(),
            (0, _, 1) => "1 credential, no account linked".to_owned(),
            (0, _, n) => format!("{n} credentials, no account linked"),
            (1, 0, _) => r#"<span class="status-ok">1 account linked</span>"#.to_owned(),
            (l, 0, _) => format!(r#"<span class="status-ok">{l} accounts linked</span>"#),
            (l, r, _) => {
                format!(r#"{l} linked, <span class="status-bad">{r} need reauthorization</span>"#)
            }
        };
        let title = &integration.title;
        let _ = write!(
            out,
            r#"<tr data-domain="{d}" data-filter-text="{d} {etitle}"><td data-label="Integration">{etitle} <span class="muted">({d})</span></td><td data-label="Status">{status}</td><td data-label="Actions" class="actions">{link}{add}</td></tr>"#,
            d = escape(domain),
            etitle = escape(title),
            link = form_with(
                &format!("/link/{}", url_part(domain)),
                view.csrf,
                "",
                &labelled("Link account", &format!("with {title}")),
                "inline"
            ),
            add = link_button(
                &format!("/credentials/new?domain={}", url_part(domain)),
                &labelled("Add credential", &format!("for {title}")),
                "secondary"
            ) + &alternative_links(view.csrf, domain, integration),
        );
    }
    out.push_str("</tbody></table>");
    if shown == 0 {
        out.push_str(r#"<p class="muted" id="no-match">No integration matches this filter. <a href="/#integrations">Show all integrations</a>.</p>"#);
    } else {
        out.push_str(
            r#"<p class="muted" id="no-match" hidden>No integration matches this filter.</p>"#,
        );
    }
    out
}

/// "Link with a code" (device flow) and "Register automatically" (RFC 7591), where offered.
fn alternative_links(csrf: &str, domain: &str, integration: &IntegrationConfig) -> String {
    let title = &integration.title;
    let mut out = String::new();
    for (offered, field, label) in [
        (integration.device_flow, "device", "Link with a code"),
        (
            integration.dynamic_registration,
            "register",
            "Register automatically",
        ),
    ] {
        if offered {
            out.push_str(&form_with(
                &format!("/link/{}", url_part(domain)),
                csrf,
                &super::html::hidden(field, "1"),
                &labelled(label, &format!("for {title}")),
                "inline",
            ));
        }
    }
    out
}
