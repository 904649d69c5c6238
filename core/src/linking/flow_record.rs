//! What a flow keeps in the store between its steps, typed.
//!
//! A flow has up to two pending-flow rows, each with an expiry:
//! - under its public `flow_id`, a [`FlowStage`]: waiting for a credential choice, sent to the
//!   provider, or done with its final step, so whoever holds the (unguessable) flow id can ask how
//!   it went;
//! - under the SHA-256 of its `state` handle, once the user is sent to the provider, an
//!   [`Authorization`]: the row's columns hold the credential, the account being reauthorized, the
//!   exact redirect URI, the encrypted PKCE verifier and the expected issuer; this context holds
//!   the rest. The callback *takes* it, so a state works once.
//!
//! Neither holds the authorize URL nor anything else from which the state could be recovered:
//! a reader of the database files can neither finish nor hijack a flow.

use serde::{Deserialize, Serialize};

use super::flows::{FlowStep, ImplementationChoice};
use crate::AccountInputs;
use crate::store::StoreError;

/// The public record of a flow, under its flow id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub(crate) enum FlowStage {
    /// Several credentials fit: waiting for the user to pick one.
    Pick {
        /// The credentials offered.
        choices: Vec<ImplementationChoice>,
        /// The account being reauthorized, for a reauth flow.
        account_id: Option<String>,
        /// The per-account input values the flow was started with.
        inputs: AccountInputs,
        /// Whether the flow links with the device authorization grant (RFC 8628).
        #[serde(default)]
        device: bool,
    },
    /// A device authorization grant (RFC 8628) waits for the user to enter the code: its public
    /// step (the user code and where to enter it); the device code is in the device-flow table.
    Device {
        /// The `device` step to show while waiting.
        step: FlowStep,
    },
    /// The user was sent to the provider (the authorize URL was handed out once, never stored);
    /// waiting for the callback.
    Authorizing,
    /// The flow ended: its final step (`create_entry` or `abort`).
    Done {
        /// The step the callback produced.
        step: FlowStep,
    },
}

/// The context of an authorization, under the hash of its state handle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Authorization {
    /// The public flow the authorization belongs to.
    pub(crate) flow_id: String,
    /// Whether the server always sends `iss` on the callback (RFC 9207), so a callback without it
    /// is refused.
    pub(crate) sends_iss: bool,
    /// The per-account input values the flow was started with.
    pub(crate) inputs: AccountInputs,
}

/// Serialises a record into the pending-flow row's context column.
pub(crate) fn encode<T: Serialize>(record: &T) -> serde_json::Value {
    // Serialising these plain structs cannot fail (string keys, no maps with other keys).
    serde_json::to_value(record).unwrap_or(serde_json::Value::Null)
}

/// Reads a record back from a pending-flow row's context column; a row that does not parse is
/// corrupt (written by a newer version, or edited by hand).
pub(crate) fn decode<T: for<'de> Deserialize<'de>>(
    id: &str,
    context: serde_json::Value,
) -> Result<T, StoreError> {
    serde_json::from_value(context).map_err(|e| StoreError::Corrupt {
        what: "pending flow",
        id: id.to_owned(),
        problem: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip_with_their_tag() {
        let pick = FlowStage::Pick {
            choices: vec![ImplementationChoice {
                id: "demo.a".into(),
                name: "A".into(),
            }],
            account_id: None,
            inputs: AccountInputs::new(),
            device: true,
        };
        let value = encode(&pick);
        assert_eq!(value["stage"], "pick");
        assert_eq!(decode::<FlowStage>("f", value).unwrap(), pick);
        assert_eq!(encode(&FlowStage::Authorizing)["stage"], "authorizing");
        assert!(decode::<FlowStage>("f", serde_json::json!({"stage": "external"})).is_err());
    }
}
