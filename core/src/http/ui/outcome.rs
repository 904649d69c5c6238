//! How a flow ended, and the failure pages: each says what happened in plain words, what to do
//! next, and has the button that does it (try again, replace the secret, use another credential).

use std::fmt::Write as _;

use axum::http::StatusCode;
use axum::response::Response;

use super::dashboard::{copyable, token_command};
use super::html::{escape, labelled, link_button, message, page_with, url_part};
use crate::http::HttpState;
use crate::http::api::schema::AccountRef;
use crate::linking::{AbortReason, FlowStep};

/// What a failure page says and offers.
struct Failure {
    title: &'static str,
    what: String,
    next: &'static str,
    actions: Vec<String>,
}

/// The title of integration `domain`, or the domain when it is not registered.
pub(crate) fn integration_title(state: &HttpState, domain: &str) -> String {
    state
        .app
        .registry()
        .get(domain)
        .map_or_else(|| domain.to_owned(), |i| i.title().to_owned())
}

/// The outcome of a flow: linked, or why not, with what to do next.
pub(crate) fn flow_result(state: &HttpState, step: &FlowStep, status: StatusCode) -> Response {
    let standalone = state.config.standalone;
    let close = r#"<p id="close-tab">You can close this tab and go back to the terminal.</p>"#;
    match step {
        FlowStep::CreateEntry { account, .. } => {
            let command = token_command(&account.id, &account.domain, &state.config.command_args);
            let next = match standalone {
                true => close.to_owned(),
                false => format!(
                    "<p>{}</p>",
                    link_button("/#accounts", "Go to your accounts", "")
                ),
            };
            let body = format!(
                r#"{}<p>Its ID is {}. Scripts get its access token with {}</p>{next}"#,
                message("notice", &format!("{} is linked.", account.title)),
                copyable("account-id", &account.id, "the account ID"),
                copyable("token-command", &command, "the token command"),
            );
            page_with(status, "Account linked", &body, !standalone)
        }
        FlowStep::Abort {
            reason: AbortReason::ReauthSuccessful,
            ..
        } => {
            let next = match standalone {
                true => close.to_owned(),
                false => format!(
                    "<p>{}</p>",
                    link_button("/#accounts", "Go to your accounts", "")
                ),
            };
            let body = format!(
                "{}{next}",
                message("notice", "The account was authorized again and works.")
            );
            page_with(status, "Account authorized again", &body, !standalone)
        }
        FlowStep::Abort {
            domain,
            reason,
            description_placeholders,
            ..
        } => {
            let credential_id = description_placeholders
                .get("credential_id")
                .and_then(|v| v.as_str());
            let provider_error = description_placeholders
                .get("error")
                .and_then(|v| v.as_str());
            let title = integration_title(state, domain);
            let failure = failure(*reason, domain, &title, credential_id, provider_error);
            failure_page(failure, domain, standalone, status)
        }
        FlowStep::Device { .. } => super::device::device_page(step, status),
        FlowStep::External { .. }
        | FlowStep::Authorizing { .. }
        | FlowStep::PickImplementation { .. } => page_with(
            status,
            "Waiting for the provider",
            &format!(
                "{}<p>{}</p>",
                message(
                    "notice",
                    "The provider has not sent you back yet. Finish signing in at the provider, or start again."
                ),
                link_button("/", "Start again", "")
            ),
            !standalone,
        ),
    }
}

fn failure_page(failure: Failure, domain: &str, standalone: bool, status: StatusCode) -> Response {
    let actions = match standalone {
        true => format!(
            r#"<p>Run <code>appcreds link {}</code> in the terminal again. You can close this tab.</p>"#,
            escape(domain)
        ),
        false => format!(
            r#"<div class="actions" id="next-steps">{}</div>"#,
            failure.actions.concat()
        ),
    };
    let body = format!(
        r#"{}<p>{}</p>{actions}"#,
        message("error", &failure.what),
        escape(failure.next),
    );
    page_with(status, failure.title, &body, !standalone)
}

fn failure(
    reason: AbortReason,
    domain: &str,
    title: &str,
    credential_id: Option<&str>,
    provider_error: Option<&str>,
) -> Failure {
    let retry = link_button(
        &format!("/link/{}", url_part(domain)),
        &labelled("Try again", &format!("to link {title}")),
        "",
    );
    let another = link_button(
        &format!("/credentials/new?domain={}&link=1", url_part(domain)),
        &labelled("Use another credential", &format!("for {title}")),
        "secondary",
    );
    let rotate = credential_id.map(|id| {
        link_button(
            &format!("/credentials/{}/rotate", url_part(id)),
            &labelled("Replace the client secret", &format!("for {title}")),
            "",
        )
    });
    let home = link_button("/#integrations", "Back to integrations", "secondary");
    let (title_text, what, next, actions) = match reason {
        AbortReason::UserRejectedAuthorize => (
            "Access was not allowed",
            format!("{title} was not given access, so no account was linked."),
            "To link the account, try again and choose Allow at the provider.",
            vec![retry, home],
        ),
        AbortReason::OauthUnauthorized if provider_error == Some("invalid_client") => (
            "The provider refused the client secret",
            format!("{title} did not accept the client ID and secret of this credential."),
            "Copy the client secret again from the provider's developer console and replace it here, then try again.",
            rotate.into_iter().chain([another, retry]).collect(),
        ),
        AbortReason::OauthUnauthorized => (
            "The provider refused the sign-in",
            format!("{title} refused to finish the sign-in with this credential."),
            "Check that the redirect URI registered at the provider is exactly the one shown when adding the credential, and that the secret is current, then try again.",
            [retry].into_iter().chain(rotate).chain([another]).collect(),
        ),
        AbortReason::OauthFailed | AbortReason::OauthTimeout | AbortReason::AuthorizeUrlTimeout => {
            (
                "The provider did not answer",
                format!("{title} could not be reached or did not answer in time."),
                "This is usually temporary. Wait a moment and try again.",
                vec![retry, home],
            )
        }
        AbortReason::OauthError => (
            "The provider's answer was not usable",
            format!("{title} answered with something that is not a usable token."),
            "Try again. If it happens again, use another credential or tell the integration's maintainers.",
            vec![retry, another],
        ),
        AbortReason::OauthImplementationUnavailable | AbortReason::NoUrlAvailable => (
            "This integration could not start",
            format!("{title} could not prepare the link to its sign-in page."),
            "Try again later. If it keeps failing, the server log says why.",
            vec![retry, home],
        ),
        AbortReason::MissingCredentials => (
            "A credential is needed first",
            format!("No application credential exists for {title}."),
            "Add the client ID and secret you created at the provider; linking continues right after.",
            vec![link_button(
                &format!("/credentials/new?domain={}&link=1", url_part(domain)),
                &labelled("Add a credential", &format!("for {title}")),
                "",
            )],
        ),
        AbortReason::AlreadyConfigured => (
            "Already linked",
            format!("This {title} account is already linked."),
            "Use the linked account, or sign in as another user at the provider to link a different one.",
            vec![link_button("/#accounts", "Go to your accounts", ""), retry],
        ),
        AbortReason::MissingConfiguration => (
            "Integration not available",
            "This integration is not available here.".to_owned(),
            "Choose one of the integrations on the main page.",
            vec![home],
        ),
        AbortReason::ReauthSuccessful => (
            "Account authorized again",
            "The account was authorized again and works.".to_owned(),
            "Nothing else to do.",
            vec![home],
        ),
    };
    Failure {
        title: title_text,
        what,
        next,
        actions,
    }
}

/// A callback that resumed no flow, by code.
pub(crate) fn callback_failed(code: &str, standalone: bool, status: StatusCode) -> Response {
    let text = match code {
        "invalid_state" | "unknown_flow" => {
            "This sign-in link expired or was already used, so nothing was linked."
        }
        "invalid_callback" => "The provider sent back an incomplete answer, so nothing was linked.",
        _ => "Linking failed on this side, so nothing was linked. The server log has the details.",
    };
    let next = match standalone {
        true => {
            "<p>Run appcreds link in the terminal again. You can close this tab.</p>".to_owned()
        }
        false => format!(
            r#"<p>Start linking the account again.</p><div class="actions" id="next-steps">{}</div>"#,
            link_button("/#integrations", "Start again", "")
        ),
    };
    page_with(
        status,
        "Linking failed",
        &format!("{}{next}", message("error", text)),
        !standalone,
    )
}

/// A credential delete refused because accounts use it: never a silent failure.
pub(crate) fn delete_refused(credential_name: &str, accounts: &[AccountRef]) -> Response {
    let mut list = String::from("<ul id=\"in-use\">");
    for account in accounts {
        let _ = write!(
            list,
            r#"<li>{} {} {}</li>"#,
            escape(&account.title),
            link_button(
                &format!("/accounts/{}/reauth", url_part(&account.id)),
                &labelled("Reauthorize with another credential", &account.title),
                "secondary"
            ),
            link_button(
                &format!("/accounts/{}/remove", url_part(&account.id)),
                &labelled("Remove", &account.title),
                "secondary danger"
            ),
        );
    }
    list.push_str("</ul>");
    super::html::page(
        StatusCode::CONFLICT,
        "Credential in use",
        &format!(
            r#"{}{list}<p>Remove these accounts, or reauthorize them with another credential. Then delete the credential.</p><p>{}</p>"#,
            message(
                "error",
                &format!(
                    "The application credential {credential_name} cannot be deleted because these linked accounts use it."
                )
            ),
            link_button("/", "Back", "secondary"),
        ),
    )
}
