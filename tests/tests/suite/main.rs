//! The end-to-end suite of appcreds, as one test binary (the heavy stack links once). Each module
//! is one subject. The log-capturing test (`tests/token_errors.rs`) stays in a binary of its own:
//! a concurrent test could cache a log callsite as disabled.
//!
//! Several crates with integrations are linked here (the real ones, the `check` fixture, the demo
//! provider's), so no test discovers the whole program's registry: each builds its own with
//! `Registry::builder()`, or takes the registrations of one crate with
//! `RegistryBuilder::discovered_in`.

mod app_startup;
mod check_fixture;
mod device_flow;
mod external_url;
mod file_modes;
mod flows;
mod flows_custom;
mod guide;
mod http_router;
mod integration_descriptions;
mod integrations_registry;
mod interop_device;
mod interop_flows;
mod interop_oidc_provider;
mod interop_registration;
mod interop_revocation;
mod local_implementation;
mod mcp;
mod mock_provider;
mod postgres_tls;
mod registry_conflicts;
mod sessions;
mod store_behaviour;
mod store_crash;
mod store_encryption;
mod ui;
mod wire_options;
