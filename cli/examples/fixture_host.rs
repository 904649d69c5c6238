//! A host binary over the `check` fixture crate (`tests/fixtures/check-fixture`): the CLI tests
//! run `check` on it (`cargo test -p appcreds-cli` builds it).

use appcreds_check_fixture as _;

fn main() -> std::process::ExitCode {
    appcreds_cli::main()
}
