//! The external URL a data directory is served at, recorded with its data (`appcreds_settings`),
//! so that every command on that data reaches the same server, and anything derived from it (the
//! redirect URI, the demo provider's endpoints) with it. A command given another URL stops with an
//! error naming both; a command given none uses the recorded one, never a guessed default.

use thiserror::Error;

use crate::store::{EXTERNAL_URL_SETTING, Store, StoreError};
use crate::{Context, ContextError, DEFAULT_EXTERNAL_URL};

/// How the host chose the external URL (see [`crate::AppBuilder::external_url`] and its
/// siblings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UrlChoice {
    /// None given: the recorded one, else [`DEFAULT_EXTERNAL_URL`] (not recorded).
    Unset,
    /// None given, and none may be guessed: the recorded one, else an error.
    Required,
    /// Given: it must be the recorded one; recorded when there is none yet.
    Given(String),
    /// A fallback: the recorded one if there is one, else this one (recorded).
    UnlessRecorded(String),
    /// Given, replacing the recorded one (the server moved).
    Change(String),
}

/// Why the external URL could not be settled.
#[derive(Debug, Error)]
pub enum ExternalUrlError {
    /// The URL is unusable.
    #[error(transparent)]
    Invalid(#[from] ContextError),
    /// Another URL than the one the data is served at.
    #[error(
        "this data is served at {recorded}, not at {given}: pass --external-url {recorded} (or nothing, to use it); if the server really moved to {given}, add --change-external-url (`AppBuilder::change_external_url`) and register {given}/auth/external/callback at each provider"
    )]
    Mismatch {
        /// The URL recorded with the data.
        recorded: String,
        /// The URL given.
        given: String,
    },
    /// No URL given and none recorded, where one is needed.
    #[error(
        "no external URL is recorded with this data (it was never served): pass --external-url with the URL its server is reached at"
    )]
    Unknown,
    /// The recorded URL could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The context to run with: the URL chosen as `choice` says, checked against (and recorded in)
/// `store`.
pub(crate) async fn settle(choice: &UrlChoice, store: &Store) -> Result<Context, ExternalUrlError> {
    let recorded = match store.setting(EXTERNAL_URL_SETTING).await? {
        Some(url) => Some(Context::new(&url)?),
        None => None,
    };
    let (ctx, record) = match (choice, recorded) {
        (UrlChoice::Unset, None) => (Context::new(DEFAULT_EXTERNAL_URL)?, false),
        (UrlChoice::Required, None) => return Err(ExternalUrlError::Unknown),
        (UrlChoice::Unset | UrlChoice::Required | UrlChoice::UnlessRecorded(_), Some(recorded)) => {
            (recorded, false)
        }
        (UrlChoice::Given(url) | UrlChoice::UnlessRecorded(url), None) => {
            (Context::new(url)?, true)
        }
        (UrlChoice::Given(url), Some(recorded)) => {
            let given = Context::new(url)?;
            if given.external_url() != recorded.external_url() {
                return Err(ExternalUrlError::Mismatch {
                    recorded: recorded.external_url().to_string(),
                    given: given.external_url().to_string(),
                });
            }
            (given, false)
        }
        (UrlChoice::Change(url), recorded) => {
            let given = Context::new(url)?;
            let changed = recorded.is_some_and(|r| r.external_url() != given.external_url());
            if changed {
                tracing::warn!(external_url = %given.external_url(), "the recorded external URL changes; register the new redirect URI at each provider");
            }
            (given, true)
        }
    };
    if record {
        store
            .set_setting(EXTERNAL_URL_SETTING, ctx.external_url().as_str())
            .await?;
    }
    Ok(ctx)
}
