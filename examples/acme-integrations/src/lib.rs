//! **An example crate of appcreds integrations**, as a third party writes one: two modules, one
//! per domain, compiled against the author API of `appcreds` (`default-features = false`).
//!
//! - [`acme_cloud`]: a plain OAuth 2.0 server, with a `strings.json` whose description needs
//!   placeholders and the `#[description_placeholders]` that provides them.
//! - [`acme_chat`]: a server with quirks: comma-separated scopes, an extra authorize parameter,
//!   client authentication in the request body and a token response nested under `data`.
//!
//! The crate's own `cargo test` validates both with every rule of `appcreds check`, through the
//! one line at the end of this file. The binary that links them next to the project's
//! integrations is the package `acme-app`.
//!
//! See `docs/writing-integrations.md` for the walk-through.

pub mod acme_chat;
pub mod acme_cloud;

// Validates, in `cargo test`, exactly the integrations this crate registers.
appcreds::check_integrations!();
