//! The page's handlers for the dashboard and credentials: views and form posts (each post
//! answers a redirect or a page).

use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;

use super::dashboard::{self, Dashboard};
use super::html::{message, page, plain};
use super::link_actions::{inputs_from, start_flow};
use super::pages::{self, CredentialForm, FieldForm};
use crate::clock::now_secs;
use crate::credentials::CredentialError;
use crate::http::api::config::integration_configs;
use crate::http::auth::Caller;
use crate::http::{ApiError, HttpState};
use crate::linking::StartOptions;
use crate::store::AccountInputs;
use crate::{CredentialUpdate, NewCredential};

/// A failure shown as a page: what happened, in plain words, and the way back.
pub(crate) fn error_page(error: ApiError) -> Response {
    page(
        error.status,
        "Something went wrong",
        &format!(
            r#"{}<p>Go back to the main page and try again.</p><p><a class="button" href="/">Back to the main page</a></p>"#,
            message("error", &plain(&error.message))
        ),
    )
}

/// What the dashboard says after an action, by code (never free text from the URL).
fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "credential_added" => "Application credential added.",
        "credential_renamed" => "Application credential renamed.",
        "credential_rotated" => "Client secret replaced. The next token request uses the new one.",
        "credential_deleted" => "Application credential deleted.",
        "account_removed" => "Linked account removed.",
        "account_renamed" => "Linked account renamed.",
        "account_removed_revoked" => {
            "Linked account removed. Its tokens were revoked at the provider."
        }
        "account_removed_not_revocable" => {
            "Linked account removed. The provider offers no token revocation: revoke the access in your account settings there if you want it gone now."
        }
        _ => return None,
    })
}

/// The dashboard's query.
#[derive(Deserialize)]
pub(crate) struct DashboardQuery {
    notice: Option<String>,
    q: Option<String>,
}

/// `GET /[?q=filter]`
pub(crate) async fn dashboard(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<DashboardQuery>,
) -> Response {
    let loaded = async {
        Ok::<_, ApiError>((
            integration_configs(&state).await?,
            state.app.credentials().items().await?,
            state.app.accounts().list().await?,
        ))
    };
    match loaded.await {
        Ok((integrations, credentials, accounts)) => dashboard::dashboard(&Dashboard {
            csrf: caller.csrf(),
            notice: query.notice.as_deref().and_then(notice_text),
            filter: query.q.as_deref().unwrap_or_default(),
            integrations: &integrations,
            credentials: &credentials,
            accounts: &accounts,
            command_args: &state.config.command_args,
            now: now_secs(),
        }),
        Err(error) => error_page(error),
    }
}

/// `GET /credentials/new[?domain=..&link=1&q=..&input.NAME=..]`
pub(crate) async fn new_credential(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Query(fields): Query<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    let link = field("link").is_some();
    let notice = link.then_some(
        "No application credential exists for this integration yet. Add the client ID and secret you created at the provider, and linking continues right after.",
    );
    render_form(
        &state,
        &caller,
        FormInput {
            domain: field("domain"),
            filter: field("q").unwrap_or_default(),
            link,
            inputs: &inputs_from(&fields),
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
    filter: &'a str,
    link: bool,
    inputs: &'a AccountInputs,
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
            filter: input.filter,
            integrations: &integrations,
            redirect_uri: redirect_uri.as_str(),
            link: input.link,
            inputs: input.inputs,
            name: input.name,
            client_id: input.client_id,
            error,
            notice,
        },
        status,
    )
}

/// `POST /credentials`: adds; with `link`, continues with the flow (automatic setup), keeping the
/// account's inputs given before (`input.NAME` fields) so they are not asked again.
pub(crate) async fn create_credential(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let (domain, name, client_id) = (field("domain"), field("name").trim(), field("client_id"));
    let link = !field("link").is_empty();
    let inputs = inputs_from(&fields);
    let created = state
        .app
        .credentials()
        .create(NewCredential {
            domain: domain.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: SecretString::from(field("client_secret").to_owned()),
            name: (!name.is_empty()).then(|| name.to_owned()),
        })
        .await;
    match created {
        Ok(_) if link => {
            let options = inputs
                .iter()
                .fold(StartOptions::user(), |o, (n, v)| o.input(n, v));
            start_flow(&state, &caller, domain, options).await
        }
        Ok(_) => Redirect::to("/?notice=credential_added#credentials").into_response(),
        Err(error) => {
            let api = ApiError::from(error);
            render_form(
                &state,
                &caller,
                FormInput {
                    domain: Some(domain),
                    filter: "",
                    link,
                    inputs: &inputs,
                    name,
                    client_id,
                },
                Some(&plain(&api.message)),
                None,
                api.status,
            )
            .await
        }
    }
}

/// A one-field form's post.
#[derive(Deserialize)]
pub(crate) struct FieldPost {
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    client_secret: String,
}

/// `GET /credentials/{id}/rename`
pub(crate) async fn rename_credential_form(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    match state.app.credentials().get(&id).await {
        Ok(credential) => pages::field_form(
            &FieldForm {
                csrf: caller.csrf(),
                title: "Rename credential",
                intro: "The name tells your credentials apart. Leave it empty to show the client ID instead.",
                action: &format!("/credentials/{}/rename", super::html::url_part(&id)),
                label: "Name",
                field: "name",
                secret: false,
                value: credential.name.as_deref().unwrap_or_default(),
                button: "Rename",
                error: None,
            },
            StatusCode::OK,
        ),
        Err(error) => error_page(error.into()),
    }
}

/// `POST /credentials/{id}/rename` (an empty name removes it)
pub(crate) async fn rename_credential(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Form(form): Form<FieldPost>,
) -> Response {
    let name = form.name.trim();
    let update = CredentialUpdate {
        name: Some((!name.is_empty()).then(|| name.to_owned())),
        client_secret: None,
    };
    match state.app.credentials().update(&id, update).await {
        Ok(_) => Redirect::to("/?notice=credential_renamed#credentials").into_response(),
        Err(error) => error_page(error.into()),
    }
}

/// `GET /credentials/{id}/rotate`
pub(crate) async fn rotate_form(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    match state.app.credentials().get(&id).await {
        Ok(credential) => {
            let name = credential.name.as_deref().unwrap_or(&credential.client_id);
            pages::field_form(
                &FieldForm {
                    csrf: caller.csrf(),
                    title: "Replace client secret",
                    intro: &format!(
                        "Paste the new client secret of {name} from the provider's developer console. Linked accounts keep working and use it from their next token request."
                    ),
                    action: &format!("/credentials/{}/rotate", super::html::url_part(&id)),
                    label: "New client secret",
                    field: "client_secret",
                    secret: true,
                    value: "",
                    button: "Replace secret",
                    error: None,
                },
                StatusCode::OK,
            )
        }
        Err(error) => error_page(error.into()),
    }
}

/// `POST /credentials/{id}/rotate`
pub(crate) async fn rotate_credential(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Form(form): Form<FieldPost>,
) -> Response {
    let update = CredentialUpdate {
        name: None,
        client_secret: Some(SecretString::from(form.client_secret)),
    };
    match state.app.credentials().update(&id, update).await {
        Ok(_) => Redirect::to("/?notice=credential_rotated#credentials").into_response(),
        Err(error) => error_page(error.into()),
    }
}

/// `GET /credentials/{id}/delete`: asks first (or says which accounts use it).
pub(crate) async fn delete_credential_form(
    State(state): State<HttpState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    let credential = match state.app.credentials().get(&id).await {
        Ok(credential) => credential,
        Err(error) => return error_page(error.into()),
    };
    let name = credential.name.as_deref().unwrap_or(&credential.client_id);
    match state.app.accounts().using(&id).await {
        Ok(accounts) if !accounts.is_empty() => pages::delete_refused(name, &accounts),
        Ok(_) => pages::confirm(
            caller.csrf(),
            "Delete this credential?",
            &format!(
                "The credential {name} and its client secret will be deleted from appcreds. The app stays registered at the provider. This cannot be undone."
            ),
            &format!("/credentials/{}/delete", super::html::url_part(&id)),
            "Delete credential",
            name,
        ),
        Err(error) => error_page(error.into()),
    }
}

/// `POST /credentials/{id}/delete`: refused with the list of accounts when in use.
pub(crate) async fn delete_credential(
    State(state): State<HttpState>,
    Path(id): Path<String>,
) -> Response {
    match state.app.credentials().delete(&id).await {
        Ok(_) => Redirect::to("/?notice=credential_deleted#credentials").into_response(),
        Err(CredentialError::InUse { accounts, .. }) => pages::delete_refused(&id, &accounts),
        Err(error) => error_page(error.into()),
    }
}
