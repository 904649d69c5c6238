//! The page's handlers that run flows: link (with the account's inputs and a chosen credential),
//! pick a credential, reauthorize (keeping or changing the credential).

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::actions::error_page;
use super::html::{escape, form, link_button, page, plain, url_part};
use super::outcome::integration_title;
use super::pages;
use crate::http::HttpState;
use crate::http::api::accounts::find;
use crate::http::auth::Caller;
use crate::linking::{AbortReason, FlowError, FlowStep, ImplementationChoice, StartOptions};
use crate::store::{AccountInputs, ApplicationCredential};

/// The `input.NAME` fields of a form or query: an account's input values.
pub(crate) fn inputs_from(fields: &[(String, String)]) -> AccountInputs {
    fields
        .iter()
        .filter_map(|(field, value)| Some((field.strip_prefix("input.")?, value.trim())))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, v)| n == name && !v.is_empty())
        .map(|(_, v)| v.as_str())
}

fn choices(credentials: &[ApplicationCredential]) -> Vec<ImplementationChoice> {
    credentials
        .iter()
        .map(|c| ImplementationChoice {
            id: c.id.clone(),
            name: c.name.clone().unwrap_or_else(|| c.client_id.clone()),
        })
        .collect()
}

/// Starts a flow and follows its first step in the browser.
pub(crate) async fn start_flow(
    state: &HttpState,
    caller: &Caller,
    domain: &str,
    options: StartOptions,
) -> Response {
    let inputs = options.inputs().clone();
    let flags = (options.is_device(), options.is_register());
    match state.app.flows().start(domain, options).await {
        Ok(step) => follow(state, caller, step, &inputs),
        Err(FlowError::InvalidInput { message, .. }) => {
            let declared = match state.app.registry().get(domain) {
                Some(integration) => integration
                    .inputs(state.app.context())
                    .await
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let title = integration_title(state, domain);
            pages::inputs(
                caller.csrf(),
                domain,
                &title,
                &declared,
                flags,
                Some(&plain(&message)),
            )
        }
        Err(error) => error_page(error.into()),
    }
}

/// Where the browser goes for `step`: the provider, the picker, the add form (carrying the
/// inputs already given), or the outcome.
fn follow(state: &HttpState, caller: &Caller, step: FlowStep, inputs: &AccountInputs) -> Response {
    match step {
        FlowStep::External { authorize_url, .. } => {
            Redirect::to(authorize_url.as_str()).into_response()
        }
        FlowStep::PickImplementation {
            flow_id,
            domain,
            implementations,
        } => pages::pick(
            caller.csrf(),
            &flow_id,
            &integration_title(state, &domain),
            &implementations,
        ),
        FlowStep::Abort {
            reason: AbortReason::MissingCredentials,
            domain,
            ..
        } => {
            let mut address = format!("/credentials/new?domain={}&link=1", url_part(&domain));
            for (name, value) in inputs {
                address.push_str(&format!("&input.{}={}", url_part(name), url_part(value)));
            }
            Redirect::to(&address).into_response()
        }
        step => pages::flow_result(state, &step, axum::http::StatusCode::OK),
    }
}

/// `GET /link/{domain}`: the start of linking (what "Try again" opens): the inputs the
/// integration needs, the credential when there are several, and a Start button.
pub(crate) async fn link_form(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(domain): Path<String>,
) -> Response {
    let Some(integration) = state.app.registry().get(&domain) else {
        return pages::flow_result(
            &state,
            &FlowStep::Abort {
                flow_id: None,
                domain: domain.clone(),
                reason: AbortReason::MissingConfiguration,
                message: String::new(),
                description_placeholders: serde_json::Map::new(),
            },
            axum::http::StatusCode::NOT_FOUND,
        );
    };
    let title = integration.title().to_owned();
    let credentials = match state.app.credentials().list_for_domain(&domain).await {
        Ok(credentials) => credentials,
        Err(error) => return error_page(error.into()),
    };
    if credentials.is_empty() {
        return Redirect::to(&format!(
            "/credentials/new?domain={}&link=1",
            url_part(&domain)
        ))
        .into_response();
    }
    let declared = integration
        .inputs(state.app.context())
        .await
        .unwrap_or_default();
    let mut fields = String::new();
    for input in &declared {
        fields.push_str(&format!(
            r#"<label for="input-{n}">{n}</label><input id="input-{n}" name="input.{n}" required>"#,
            n = escape(input.name())
        ));
    }
    if credentials.len() > 1 {
        fields.push_str(&pages::credential_choices(&choices(&credentials), None));
    }
    let body = format!(
        "<p>Sign in at {t} and allow access to link an account.</p>{}<p>{}</p>",
        form(
            &format!("/link/{}", url_part(&domain)),
            caller.csrf(),
            &fields,
            "Start linking",
            "stack"
        ),
        link_button(
            &format!("/credentials/new?domain={}&link=1", url_part(&domain)),
            &super::html::labelled("Add another credential", &format!("for {title}")),
            "secondary"
        ),
        t = escape(&title),
    );
    page(
        axum::http::StatusCode::OK,
        &format!("Link a {title} account"),
        &body,
    )
}

/// `POST /link/{domain}`: starts a flow; `input.<name>` fields are the account's inputs and
/// `implementation` the credential. An integration that needs inputs and got none answers with
/// their form.
pub(crate) async fn link(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(domain): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let mut start = StartOptions::user();
    if field(&fields, "device") == Some("1") {
        start = start.device();
    }
    if field(&fields, "register") == Some("1") {
        start = start.register();
    }
    let mut options = inputs_from(&fields)
        .into_iter()
        .fold(start, |options, (name, value)| options.input(name, value));
    if let Some(credential) = field(&fields, "implementation") {
        options = options.credential(credential);
    }
    if options.inputs().is_empty()
        && let Some(integration) = state.app.registry().get(&domain)
        && let Ok(declared) = integration.inputs(state.app.context()).await
        && !declared.is_empty()
    {
        let title = integration.title().to_owned();
        let flags = (options.is_device(), options.is_register());
        return pages::inputs(caller.csrf(), &domain, &title, &declared, flags, None);
    }
    start_flow(&state, &caller, &domain, options).await
}

/// The picker's form.
#[derive(serde::Deserialize)]
pub(crate) struct PickForm {
    implementation: String,
}

/// `POST /flows/{flow_id}/pick`
pub(crate) async fn pick(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(flow_id): Path<String>,
    Form(form): Form<PickForm>,
) -> Response {
    match state.app.flows().pick(&flow_id, &form.implementation).await {
        Ok(step) => follow(&state, &caller, step, &AccountInputs::new()),
        Err(error) => error_page(error.into()),
    }
}

/// `GET /accounts/{id}/reauth`: choose the credential (the current one selected), or confirm.
pub(crate) async fn reauth_form(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    let account = match find(&state, &id, "not_found").await {
        Ok(account) => account,
        Err(error) => return error_page(error),
    };
    let credentials = match state
        .app
        .credentials()
        .list_for_domain(&account.domain)
        .await
    {
        Ok(credentials) => credentials,
        Err(error) => return error_page(error.into()),
    };
    let current = credentials
        .iter()
        .find(|c| c.implementation() == account.auth_implementation)
        .map(|c| c.id.as_str());
    pages::reauth_pick(
        caller.csrf(),
        &account.id,
        &account.title,
        &account.domain,
        current,
        &choices(&credentials),
    )
}

/// `POST /accounts/{id}/reauth[ implementation=ID]`: with several credentials and none chosen,
/// asks which one; then authorizes the account again (moving it to the chosen credential).
pub(crate) async fn reauth(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let account = match find(&state, &id, "not_found").await {
        Ok(account) => account,
        Err(error) => return error_page(error),
    };
    let mut options = StartOptions::reauth(&account.id);
    match field(&fields, "implementation") {
        Some(chosen) => options = options.credential(chosen),
        None => {
            let credentials = match state
                .app
                .credentials()
                .list_for_domain(&account.domain)
                .await
            {
                Ok(credentials) => credentials,
                Err(error) => return error_page(error.into()),
            };
            if credentials.len() > 1 {
                let current = credentials
                    .iter()
                    .find(|c| c.implementation() == account.auth_implementation)
                    .map(|c| c.id.as_str());
                return pages::reauth_pick(
                    caller.csrf(),
                    &account.id,
                    &account.title,
                    &account.domain,
                    current,
                    &choices(&credentials),
                );
            }
        }
    }
    start_flow(&state, &caller, &account.domain, options).await
}
