//! Optional components of the test suite (Node.js packages, PostgreSQL, Chromium): a test whose
//! component is absent says so and skips locally, and fails when `APPCREDS_REQUIRE_ALL=1`
//! (`.ci/run` sets it).

/// Whether every component must be present (`APPCREDS_REQUIRE_ALL=1`).
pub fn all_required() -> bool {
    std::env::var("APPCREDS_REQUIRE_ALL").is_ok_and(|v| v == "1")
}

/// Reports that `component` is missing: panics when every component is required, otherwise
/// prints a notice saying how to install it (the caller then returns, skipping the test).
pub fn missing(test: &str, component: &str, install: &str) {
    let message = format!("{test}: {component} is missing; install it with `{install}`");
    assert!(!all_required(), "{message} (APPCREDS_REQUIRE_ALL=1)");
    eprintln!("skipped {message}");
}
