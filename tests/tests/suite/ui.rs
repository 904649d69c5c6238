//! Compile-time diagnostics of the attribute macros: every rule has a `ui/fail` case with its
//! `.stderr`; `ui/pass` shows every accepted form (and runs it). Snapshots are for the project's
//! stable toolchain; refresh with `TRYBUILD=overwrite cargo test -p appcreds-tests --test suite ui::`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
