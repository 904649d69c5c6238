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
    let app = args.open_requiring_external_url().await?;
    let session = match app.session(account).await {
        Ok(session) => session,
        Err(AccountError::NotFound { .. }) => {
            bail!("no linked account `{account}`; list them with `appcreds accounts list`")
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
