//! `appcreds token ACCOUNT [--refresh] [--json]`: the one command that prints a token.

use anyhow::bail;
use appcreds::AccountError;
use appcreds::http::api::schema::TokenBody;
use secrecy::ExposeSecret as _;

use super::output::print;
use crate::cli::AppArgs;

pub(crate) async fn run(
    account: &str,
    refresh: bool,
    json: bool,
    args: &AppArgs,
) -> anyhow::Result<()> {
    let app = args.open_existing().await?;
    if !args.demo
        && let Ok(linked) = app.accounts().get(account).await
        && linked.domain == appcreds_demo::DOMAIN
    {
        bail!(
            "{account} is an account of the demo integration: add --demo (appcreds token {account} --demo{}).",
            if refresh { " --refresh" } else { "" }
        );
    }
    let session = match app.session(account).await {
        Ok(session) => session,
        Err(AccountError::NotFound { .. }) => {
            bail!(
                "No linked account {account}. List them with appcreds accounts list (with the same --data-dir)."
            )
        }
        Err(error) => return Err(error.into()),
    };
    let token = match refresh {
        true => session.refresh().await?,
        false => session.token().await?,
    };
    let body = TokenBody {
        access_token: token.access_token.expose_secret().to_owned(),
        token_type: token.token_type.clone(),
        expires_at: token.expires_at,
    };
    print(json, &body, || body.access_token.clone())
}
