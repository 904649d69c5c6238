//! The project's `appcreds` binary: the command-line library over the project's integrations.

// Naming the crate keeps the linker from dropping the integrations' registrations.
use appcreds_integrations as _;

fn main() -> std::process::ExitCode {
    appcreds_cli::main()
}
