//! **The rules of appcreds, written once.**
//!
//! The attribute macros check an integration at compile time, the runtime checks the linked registry
//! at start-up, and `appcreds check` checks it in CI. All three apply the same rules, so they live here,
//! in a plain library that both the proc-macro crate and the runtime depend on (the model is Rocket's
//! `rocket_http`, shared by its codegen and its runtime).
//!
//! ```
//! use appcreds_rules::{domain, endpoint};
//!
//! assert!(domain::validate("google_tasks").is_ok());
//! assert!(domain::validate("Google").is_err());
//! assert!(endpoint::validate("https://accounts.spotify.com/authorize").is_ok());
//! assert!(endpoint::validate("http://example.com/token").is_err());
//! ```

pub mod category;
pub mod domain;
pub mod endpoint;
pub mod options;
pub mod placeholder;
pub mod provider_text;
pub mod strings;
pub mod template;
