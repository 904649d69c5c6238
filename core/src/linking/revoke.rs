//! Revoking a linked account's tokens at its provider before the account is removed (RFC 7009),
//! through the implementation of the credential the account uses.

use crate::linking::engine::Engine;
use crate::oauth::Revocation;
use crate::store::LinkedAccount;

impl Engine {
    /// Revokes `account`'s refresh token, then its access token, with its credential's client
    /// authentication, within the engine's token timeout. Never fails: what happened is the
    /// [`Revocation`], which names no token.
    pub(crate) async fn revoke(&self, account: &LinkedAccount) -> Revocation {
        let credential = match self.accounts.credential_of(account).await {
            Ok(Some(credential)) => credential,
            Ok(None) => {
                return Revocation::Failed {
                    reason: "the account's application credential no longer exists, so the client could not authenticate".to_owned(),
                };
            }
            Err(error) => {
                return Revocation::Failed {
                    reason: format!("its application credential could not be read: {error}"),
                };
            }
        };
        let implementation = match self.resolve(&credential, &account.inputs).await {
            Ok(implementation) => implementation,
            Err(error) => {
                return Revocation::Failed {
                    reason: format!("the integration is unavailable: {error}"),
                };
            }
        };
        let timeout = self.config.token_timeout;
        match tokio::time::timeout(timeout, implementation.revoke(&account.token)).await {
            Ok(revocation) => revocation,
            Err(_) => Revocation::Failed {
                reason: format!("no answer within {} s", timeout.as_secs()),
            },
        }
    }
}
