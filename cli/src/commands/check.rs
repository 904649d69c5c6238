//! `appcreds check [--format text|json|github] [--catalogue-dir DIR] [--write-catalogue]`.

use std::io::Write;
use std::path::PathBuf;

use appcreds::Context;
use appcreds::check::{self, Format, Generated};

/// Runs every rule and prints the report; `Ok(false)` when a problem was found.
pub(crate) async fn run(
    format: Format,
    catalogue_dir: Option<PathBuf>,
    write_catalogue: bool,
) -> anyhow::Result<bool> {
    let generated = catalogue_dir.map(|dir| Generated {
        dir,
        write: write_catalogue,
    });
    // The built-in `demo` integration is checked by its own tests, not listed in the catalogue.
    let registry = appcreds::Registry::discover().without(appcreds_demo::DOMAIN);
    let report = check::check(
        &registry,
        registry.problems(),
        &Context::default(),
        generated.as_ref(),
    )
    .await;
    let mut out = std::io::stdout().lock();
    out.write_all(report.render(format).as_bytes())?;
    Ok(report.is_ok())
}
