//! End-to-end tests of appcreds live in `tests/`; this library holds what they share: the store
//! test harness, which runs one behaviour suite against SQLite files and PostgreSQL.

pub mod store_harness;
