//! A host binary that forgets to link its integrations: `appcreds_cli::main()` alone. The CLI
//! tests run it to show that `check` fails on nothing (`cargo test -p appcreds-cli` builds it).

fn main() -> std::process::ExitCode {
    appcreds_cli::main()
}
