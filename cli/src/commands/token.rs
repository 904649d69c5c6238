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
    // Only existing data: a read-only command creates nothing.
    let existing = args.open_existing().await?;
    if !args.demo
        && let Ok(linked) = existing.accounts().get(account).await
        && linked.domain == appcreds_demo::DOMAIN
    {
        bail!(
            "{account} is an account of the demo integration: add --demo (appcreds token {account} --demo{}).",
            if refresh { " --refresh" } else { "" }
        );
    }
    // A refresh sends the client secret and refresh token to an endpoint derived from the
    // external URL: never a guessed one.
    let app = match args.open_requiring_external_url().await {
        Ok(app) => app,
        Err(error) => {
            // An unknown account is the better message, when that is the case.
            if let Err(AccountError::NotFound { .. }) = existing.session(account).await {
                bail!(no_account(account));
            }
            return Err(error);
        }
    };
    let session = match app.session(account).await {
        Ok(session) => session,
        Err(AccountError::NotFound { .. }) => bail!(no_account(account)),
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

fn no_account(account: &str) -> String {
    format!(
        "No linked account {account}. List them with appcreds accounts list (with the same --data-dir)."
    )
}
