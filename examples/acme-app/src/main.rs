//! `acme-appcreds`: the `appcreds` command over ACME's integrations and the project's own.

// Naming a crate of integrations keeps the linker from dropping its registrations.
use acme_integrations as _;
use appcreds_integrations as _;

fn main() -> std::process::ExitCode {
    appcreds_cli::main()
}
