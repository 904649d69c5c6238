//! **Real integrations for appcreds**, ported from the Home Assistant integrations that support
//! application credentials: one module per domain, each declaring its authorization server (and its
//! description placeholders) with the attribute macros, its `strings.json` beside it.
//!
//! Nothing here is registered by hand: linking this crate is enough. A binary that uses no item of
//! this crate must still name it, or the linker may drop it with every registration in it:
//!
//! ```
//! use appcreds_integrations as _;
//!
//! let registry = appcreds::Registry::discover().unwrap();
//! assert!(registry.get("spotify").is_some());
//! ```
//!
//! | domain | quirks declared |
//! |---|---|
//! | `fitbit` | client secret via HTTP Basic; scopes; `prompt=consent` |
//! | `google_tasks` | `access_type=offline`, `prompt=consent`; scopes; description placeholders |
//! | `home_connect` | description placeholders, including the runtime's `{redirect_url}` |
//! | `netatmo` | scopes |
//! | `spotify` | scopes joined with `,` |

pub mod fitbit;
pub mod google_tasks;
pub mod home_connect;
pub mod netatmo;
pub mod spotify;
