//! `appcreds check [--format text|json|github] [--domains a,b] [--crate NAME]
//! [--catalogue-dir DIR] [--no-catalogue] [--write-catalogue]`.

use std::io::Write;

use anyhow::bail;
use appcreds::Context;
use appcreds::check::{self, Generated, Selection};

use crate::cli::CheckArgs;

/// The crate whose integrations the generated catalogue lists.
const CATALOGUED_CRATE: &str = "appcreds_integrations";

/// Runs every rule and prints the report; `Ok(false)` when a problem was found.
pub(crate) async fn run(args: CheckArgs) -> anyhow::Result<bool> {
    // The built-in `demo` integration is checked by its own tests, not listed in the catalogue.
    let linked = appcreds::Registry::discover().without(appcreds_demo::DOMAIN);
    let selection = Selection {
        domains: args.domains,
        crate_name: args.crate_name,
    };
    let (registry, mut problems) = selection.apply(linked);
    let generated = catalogue(
        &registry,
        args.catalogue_dir,
        args.no_catalogue,
        args.write_catalogue,
    )?;
    let ctx = Context::default();
    let mut report = check::check(&registry, registry.problems(), &ctx, None).await;
    if let Some(generated) = generated {
        // The catalogue lists the project's integrations alone, whatever else is linked.
        let catalogued = appcreds::Registry::builder()
            .discovered_in(CATALOGUED_CRATE)
            .build();
        report
            .problems
            .extend(check::compare_catalogue(&catalogued, &ctx, &generated).await);
    }
    problems.append(&mut report.problems);
    report.problems = problems;
    let mut out = std::io::stdout().lock();
    out.write_all(report.render(args.format.into()).as_bytes())?;
    Ok(report.is_ok())
}

/// Where the catalogue is compared: the directory given, else the one found beside the project's
/// integrations when their sources are on this machine, else nowhere.
fn catalogue(
    registry: &appcreds::Registry,
    dir: Option<std::path::PathBuf>,
    off: bool,
    write: bool,
) -> anyhow::Result<Option<Generated>> {
    if off {
        return Ok(None);
    }
    let dir = dir.or_else(|| check::find_catalogue_dir(registry, CATALOGUED_CRATE));
    match dir {
        Some(dir) => Ok(Some(Generated { dir, write })),
        None if write => bail!(
            "no catalogue to write: the sources of `{CATALOGUED_CRATE}` are not on this machine; pass --catalogue-dir DIR"
        ),
        None => Ok(None),
    }
}
