//! Linking accounts and keeping them linked, over the store (feature `runtime`): [`Flows`] run the
//! authorization-code flow (state, PKCE, callback) and [`Session`]s keep a linked account's token
//! fresh. Both sit on the engine, which resolves a stored credential into the integration's
//! [`OAuth2Implementation`](crate::OAuth2Implementation).

mod abort;
mod account_title;
mod callback;
mod device_flow;
pub(crate) mod engine;
mod flow_record;
mod flows;
mod registration;
mod revoke;
mod session;
mod state;

pub use abort::AbortReason;
pub use callback::{CallbackError, CallbackQuery, MAX_OTHER_PARAMS};
pub use engine::EngineConfig;
pub use flows::{AccountSummary, FlowError, FlowStep, Flows, ImplementationChoice, StartOptions};
pub use session::{Session, SessionError};
