//! The page's handlers: views and form posts (each post answers a redirect or a page).

use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;

use super::pages::{self, CredentialForm, Dashboard};
use crate::clock::now_secs;
use crate::credentials::CredentialError;
use crate::http::api::accounts::find;
use crate::http::api::config::integration_configs;
use crate::http::auth::Caller;
use crate::http::{ApiError, HttpState};
use crate::linking::{AbortReason, FlowError, FlowStep, StartOptions};
use crate::{CredentialUpdate, NewCredential};

/// A failure shown as a page.
fn error_page(error: ApiError) -> Response {
    super::html::page(
        error.status,
        "Something went wrong",
        &format!(
            r#"{}<p><a href="/">Back</a></p>"#,
            super::html::message("error", &error.message)
        ),
    )
}

/// What the dashboard says after an action, by code (never free text from the URL).
fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "credential_added" => "Application credential added.",
        "credential_renamed" => "Application credential renamed.",
        "credential_rotated" => "Client secret replaced: the next token request uses the new one.",
        "credential_deleted" => "Application credential deleted.",
        "account_removed" => "Linked account removed.",
        _ => return None,
    })
}

/// The dashboard's query.
#[derive(Deserialize)]
pub(crate) struct NoticeQuery {
    notice: Option<String>,
}

/// `GET /`
pub(crate) async fn dashboard(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let loaded = async {
        Ok::<_, ApiError>((
            integration_configs(&state).await?,
            state.app.credentials().items().await?,
            state.app.accounts().list().await?,
        ))
    };
    match loaded.await {
        Ok((integrations, credentials, accounts)) => pages::dashboard(&Dashboard {
            csrf: caller.csrf(),
            notice: query.notice.as_deref().and_then(notice_text),
            integrations: &integrations,
            credentials: &credentials,
            accounts: &accounts,
            now: now_secs(),
        }),
        Err(error) => error_page(error),
    }
}

/// The add-credential form's query.
#[derive(Deserialize)]
pub(crate) struct NewCredentialQuery {
    domain: Option<String>,
    link: Option<String>,
}

/// `GET /credentials/new[?domain=..&link=1]`
pub(crate) async fn new_credential(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<NewCredentialQuery>,
) -> Response {
    let link = query.link.is_some();
    let notice = link.then_some(
        "No application credential exists for this integration yet: add the client ID and secret you created at the provider, and linking continues right after.",
    );
    render_form(
        &state,
        &caller,
        FormInput {
            domain: query.domain.as_deref(),
            link,
            name: "",
            client_id: "",
        },
        None,
        notice,
        StatusCode::OK,
    )
    .await
}

struct FormInput<'a> {
    domain: Option<&'a str>,
    link: bool,
    name: &'a str,
    client_id: &'a str,
}

async fn render_form(
    state: &HttpState,
    caller: &Caller,
    input: FormInput<'_>,
    error: Option<&str>,
    notice: Option<&str>,
    status: StatusCode,
) -> Response {
    let integrations = match integration_configs(state).await {
        Ok(integrations) => integrations,
        Err(error) => return error_page(error),
    };
    let redirect_uri = state.app.context().redirect_uri();
    pages::credential_form(
        &CredentialForm {
            csrf: caller.csrf(),
            domain: input.domain,
            integrations: &integrations,
            redirect_uri: redirect_uri.as_str(),
            link: input.link,
            name: input.name,
            client_id: input.client_id,
            error,
            notice,
        },
        status,
    )
}

/// The add-credential form's fields.
#[derive(Deserialize)]
pub(crate) struct CreateForm {
    domain: String,
    #[serde(default)]
    name: String,
    client_id: String,
    /// Empty (or left out) for a public client.
    #[serde(default)]
    client_secret: String,
    link: Option<String>,
}

/// `POST /credentials`: adds; with `link`, continues with the flow (automatic setup).
pub(crate) async fn create_credential(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Form(form): Form<CreateForm>,
) -> Response {
    let name = form.name.trim();
    let created = state
        .app
        .credentials()
        .create(NewCredential {
            domain: form.domain.clone(),
            client_id: form.client_id.clone(),
            client_secret: SecretString::from(form.client_secret),
            name: (!name.is_empty()).then(|| name.to_owned()),
        })
        .await;
    match created {
        Ok(_) if form.link.is_some() => {
            start_flow(&state, &caller, &form.domain, StartOptions::user()).await
        }
        Ok(_) => Redirect::to("/?notice=credential_added").into_response(),
        Err(error) => {
            let api = ApiError::from(error);
            render_form(
                &state,
                &caller,
                FormInput {
                    domain: Some(&form.domain),
                    link: form.link.is_some(),
                    name,
                    client_id: &form.client_id,
                },
                Some(&api.message),
                None,
                api.status,
            )
            .await
        }
    }
}

/// The rename form.
#[derive(Deserialize)]
pub(crate) struct RenameForm {
    name: String,
}

/// `POST /credentials/{id}/rename` (an empty name removes it)
pub(crate) async fn rename_credential(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Form(form): Form<RenameForm>,
) -> Response {
    let name = form.name.trim();
    let update = CredentialUpdate {
        name: Some((!name.is_empty()).then(|| name.to_owned())),
        client_secret: None,
    };
    match state.app.credentials().update(&id, update).await {
        Ok(_) => Redirect::to("/?notice=credential_renamed").into_response(),
        Err(error) => error_page(error.into()),
    }
}

/// The rotate form.
#[derive(Deserialize)]
pub(crate) struct RotateForm {
    client_secret: String,
}

/// `POST /credentials/{id}/rotate`
pub(crate) async fn rotate_credential(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Form(form): Form<RotateForm>,
) -> Response {
    let update = CredentialUpdate {
        name: None,
        client_secret: Some(SecretString::from(form.client_secret)),
    };
    match state.app.credentials().update(&id, update).await {
        Ok(_) => Redirect::to("/?notice=credential_rotated").into_response(),
        Err(error) => error_page(error.into()),
    }
}

/// `POST /credentials/{id}/delete`: refused with the list of accounts when in use.
pub(crate) async fn delete_credential(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    match state.app.credentials().delete(&id).await {
        Ok(_) => Redirect::to("/?notice=credential_deleted").into_response(),
        Err(CredentialError::InUse { accounts, .. }) => {
            pages::delete_refused(caller.csrf(), &id, &accounts)
        }
        Err(error) => error_page(error.into()),
    }
}

/// Starts a flow and follows its first step in the browser.
async fn start_flow(
    state: &HttpState,
    caller: &Caller,
    domain: &str,
    options: StartOptions,
) -> Response {
    match state.app.flows().start(domain, options).await {
        Ok(step) => follow(caller, step),
        Err(FlowError::InvalidInput { message, .. }) => {
            let declared = match state.app.registry().get(domain) {
                Some(integration) => integration
                    .inputs(state.app.context())
                    .await
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            pages::inputs(caller.csrf(), domain, &declared, Some(&message))
        }
        Err(error) => error_page(error.into()),
    }
}

/// Where the browser goes for `step`: the provider, the picker, the add form, or the outcome.
fn follow(caller: &Caller, step: FlowStep) -> Response {
    match step {
        FlowStep::External { authorize_url, .. } => {
            Redirect::to(authorize_url.as_str()).into_response()
        }
        FlowStep::PickImplementation {
            flow_id,
            domain,
            implementations,
        } => pages::pick(caller.csrf(), &flow_id, &domain, &implementations),
        FlowStep::Abort {
            reason: AbortReason::MissingCredentials,
            domain,
            ..
        } => Redirect::to(&format!(
            "/credentials/new?domain={}&link=1",
            url::form_urlencoded::byte_serialize(domain.as_bytes()).collect::<String>()
        ))
        .into_response(),
        step => pages::flow_result(&step, StatusCode::OK),
    }
}

/// `POST /link/{domain}`: starts a flow; `input.<name>` fields are the account's inputs. An
/// integration that needs inputs and got none (or refused ones) answers with their form.
pub(crate) async fn link(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(domain): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let options = fields
        .iter()
        .filter_map(|(field, value)| Some((field.strip_prefix("input.")?, value.trim())))
        .fold(StartOptions::user(), |options, (name, value)| {
            options.input(name, value)
        });
    if options.inputs().is_empty()
        && let Some(integration) = state.app.registry().get(&domain)
        && let Ok(declared) = integration.inputs(state.app.context()).await
        && !declared.is_empty()
    {
        return pages::inputs(caller.csrf(), &domain, &declared, None);
    }
    start_flow(&state, &caller, &domain, options).await
}

/// The picker's form.
#[derive(Deserialize)]
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
        Ok(step) => follow(&caller, step),
        Err(error) => error_page(error.into()),
    }
}

/// `POST /accounts/{id}/reauth`
pub(crate) async fn reauth(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    match find(&state, &id, "not_found").await {
        Ok(account) => {
            start_flow(
                &state,
                &caller,
                &account.domain,
                StartOptions::reauth(&account.id),
            )
            .await
        }
        Err(error) => error_page(error),
    }
}

/// `POST /accounts/{id}/remove`
pub(crate) async fn remove_account(
    State(state): State<HttpState>,
    Path(id): Path<String>,
) -> Response {
    match state.app.accounts().remove(&id).await {
        Ok(_) => Redirect::to("/?notice=account_removed").into_response(),
        Err(error) => error_page(error.into()),
    }
}
