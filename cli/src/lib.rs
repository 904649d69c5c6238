//! **The `appcreds` command, as a library**: a host's own binary links its integrations and calls
//! [`main`], and gets every command (`serve`, `check`, `integrations`, `credentials`, `accounts`,
//! `link`, `token`, `keys`) over them.
//!
//! ```no_run
//! // src/main.rs of a crate of integrations (or of a host that links several such crates).
//! // Naming the crate keeps the linker from dropping its registrations.
//! use appcreds_integrations as _;
//!
//! fn main() -> std::process::ExitCode {
//!     appcreds_cli::main()
//! }
//! ```
//!
//! The project's own `appcreds` binary is exactly that, with the project's integrations (the
//! default feature `integrations`). A host that wants its own integrations alone depends on
//! `appcreds-cli` with `default-features = false`.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// Parses the command line, runs the command over the integrations linked into this program, and
/// returns the exit code: 0 on success, 1 when the command ran and found problems or failed.
pub fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run())
}

async fn run() -> ExitCode {
    let cli = cli::Cli::parse();
    let level = match std::env::var("APPCREDS_LOG").as_deref() {
        Ok("debug") => tracing::Level::DEBUG,
        Ok("warn") => tracing::Level::WARN,
        _ => tracing::Level::INFO,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .init();
    match commands::run(cli).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            // One line: the error and its causes.
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
