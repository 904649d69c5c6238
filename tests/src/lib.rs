//! Support for the end-to-end tests of appcreds in `tests/tests/`: the store harness (one behaviour
//! suite against SQLite files and PostgreSQL), a strict mock OAuth 2.0 provider, the harness that
//! runs panva's `oidc-provider`, and what tests share.

pub mod axe;
pub mod bench;
pub mod callback;
pub mod components;
pub mod demo_user;
pub mod flow_support;
pub mod local_setup;
pub mod log_capture;
pub mod mock_provider;
pub mod oidc_provider;
pub mod registries;
pub mod server;
pub mod store_harness;
pub mod webdriver;
