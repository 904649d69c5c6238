//! Operations that span tables, each one commit: the steps of the table files composed in one
//! [`Db::write`](super::db::Db::write). These are the critical paths of a refresh and of a flow;
//! `docs/storage.md` says what each commits and why that is safe.

use super::{AccountLease, LinkedAccount, PendingFlow, Store, StoreError};
use super::{account_table, flow_table, lease};
use crate::{AccountInputs, Token};

impl Store {
    /// A refresh's one durable commit: the new token (compare-and-set on `expected_version`, as
    /// [`Store::update_token`]) and the release of the lease. Returns the new version.
    pub async fn store_refreshed_token(
        &self,
        lease: &AccountLease,
        expected_version: i64,
        token: &Token,
    ) -> Result<i64, StoreError> {
        let sealed = self.seal_token(&lease.account_id, token)?;
        let (lease, token) = (lease.clone(), token.clone());
        self.db()
            .write(move |c| {
                Box::pin(async move {
                    let id = &lease.account_id;
                    let version =
                        account_table::update_token(c, id, expected_version, &token, sealed)
                            .await?;
                    lease::release(c, &lease).await?;
                    Ok(version)
                })
            })
            .await
    }

    /// A flow's start, one durable commit: the authorization under its state key (`Duplicate` if
    /// taken) and the flow's public record (replacing the one it had).
    pub(crate) async fn begin_authorization(
        &self,
        authorization: &PendingFlow,
        record: &PendingFlow,
    ) -> Result<(), StoreError> {
        let authorization = self.flow_row(authorization)?;
        let record = self.flow_row(record)?;
        self.db()
            .write(move |c| {
                Box::pin(async move {
                    flow_table::insert(c, authorization).await?;
                    flow_table::put(c, record).await
                })
            })
            .await
    }

    /// A callback's first write: takes the authorization under `state_key` so that a replayed or
    /// concurrent callback finds nothing, before the code is exchanged. A durable commit like
    /// every write: a crash never brings the state back. `None` when unknown
    /// or expired.
    pub(crate) async fn claim_authorization(
        &self,
        state_key: &str,
    ) -> Result<Option<PendingFlow>, StoreError> {
        let id = state_key.to_owned();
        let row = self
            .db()
            .write(move |c| Box::pin(async move { flow_table::take(c, &id).await }))
            .await?;
        self.taken_flow(row)
    }

    /// Stores a flow's public record, replacing the one it had (its final step), durably.
    pub(crate) async fn record_flow(&self, record: &PendingFlow) -> Result<(), StoreError> {
        let record = self.flow_row(record)?;
        self.db()
            .write(move |c| Box::pin(flow_table::put(c, record)))
            .await
    }

    /// A callback's durable commit for a new account: the account and the flow's final step
    /// `linked`; or, when an account of the domain already has the provider's id, only the final
    /// step `refused` (`already_configured`). Returns whether the account was linked.
    pub(crate) async fn link_account(
        &self,
        account: &LinkedAccount,
        linked: &PendingFlow,
        refused: &PendingFlow,
    ) -> Result<bool, StoreError> {
        let sealed = self.seal_token(&account.id, &account.token)?;
        let (linked, refused) = (self.flow_row(linked)?, self.flow_row(refused)?);
        let account = account.clone();
        self.db()
            .write(move |c| {
                Box::pin(async move {
                    if let Some(unique_id) = &account.unique_id
                        && account_table::unique_id_taken(c, &account.domain, unique_id).await?
                    {
                        flow_table::put(c, refused).await?;
                        return Ok(false);
                    }
                    account_table::insert(c, &account, sealed).await?;
                    flow_table::put(c, linked).await?;
                    Ok(true)
                })
            })
            .await
    }

    /// A callback's durable commit for a reauth: the account's new token, credential and input
    /// values (whatever its version: the user just authorized it) and the flow's final step.
    pub(crate) async fn reauthorize_account(
        &self,
        account_id: &str,
        implementation: &str,
        inputs: &AccountInputs,
        token: &Token,
        done: &PendingFlow,
    ) -> Result<(), StoreError> {
        let sealed = self.seal_token(account_id, token)?;
        let done = self.flow_row(done)?;
        let (id, implementation) = (account_id.to_owned(), implementation.to_owned());
        let (inputs, token) = (inputs.clone(), token.clone());
        self.db()
            .write(move |c| {
                Box::pin(async move {
                    account_table::reauthorize(c, &id, &implementation, &inputs, &token, sealed)
                        .await?;
                    flow_table::put(c, done).await
                })
            })
            .await
    }
}
