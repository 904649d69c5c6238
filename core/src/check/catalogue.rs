//! Rule: the generated `catalogue.json` and `INTEGRATIONS.md` equal what the registry generates
//! now. It runs only where the catalogue is: the directory given, or the one found beside the
//! sources of the crate the catalogue lists ([`find_dir`]).

use std::path::{Path, PathBuf};

use super::CheckProblem;
use crate::catalogue::{CATALOGUE_JSON, CATALOGUE_MARKDOWN, Catalogue};
use crate::{Context, Registry};

/// Where the generated catalogue files live, and whether to rewrite them instead of comparing.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The directory holding `catalogue.json` and `INTEGRATIONS.md`.
    pub dir: PathBuf,
    /// Write the files instead of reporting them stale.
    pub write: bool,
}

/// The directory of the catalogue of `crate_name`'s integrations, found from where they were
/// compiled: the crate's directory (the parent of its `src/`), when it holds a `catalogue.json`.
/// `None` when the crate is not linked or its sources are not on this machine: then there is no
/// catalogue to compare.
pub fn find_dir(registry: &Registry, crate_name: &str) -> Option<PathBuf> {
    registry
        .iter()
        .filter(|i| i.crate_name() == Some(crate_name))
        .filter_map(|i| i.files.map(|files| PathBuf::from(files.source)))
        .filter_map(|source| {
            source
                .ancestors()
                .find(|dir| dir.file_name().is_some_and(|name| name == "src"))
                .and_then(Path::parent)
                .map(Path::to_path_buf)
        })
        .find(|dir| dir.join(CATALOGUE_JSON).is_file())
}

/// Compares (or, with `write`, rewrites) the catalogue files. A stale file is reported at its
/// first differing line.
pub(super) async fn rule(
    registry: &Registry,
    ctx: &Context,
    generated: &Generated,
) -> Vec<CheckProblem> {
    let catalogue = match Catalogue::build(registry, ctx).await {
        Ok(catalogue) => catalogue,
        // The failing function is already reported by the other rules.
        Err(_) => return Vec::new(),
    };
    let mut problems = Vec::new();
    for (name, expected) in [
        (CATALOGUE_JSON, catalogue.to_json()),
        (CATALOGUE_MARKDOWN, catalogue.to_markdown()),
    ] {
        let path = generated.dir.join(name);
        let file = shown(&path);
        if generated.write {
            if let Err(error) = std::fs::write(&path, &expected) {
                let message = format!("cannot write {file}: {error}");
                problems.push(CheckProblem::in_file(
                    "catalogue_unwritable",
                    None,
                    file,
                    1,
                    message,
                ));
            }
            continue;
        }
        let found = std::fs::read_to_string(&path).unwrap_or_default();
        if let Some(line) = first_difference(&found, &expected) {
            let message = format!(
                "{name} is not up to date with the linked integrations (first difference at line {line}); run `appcreds check --write-catalogue`"
            );
            problems.push(CheckProblem::in_file(
                "stale_catalogue",
                None,
                file,
                line,
                message,
            ));
        }
    }
    problems
}

/// `path` relative to the working directory when it is under it (`integrations/catalogue.json`
/// when run at the workspace root), else as given.
fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// The 1-based line where `found` first differs from `expected`, or `None` when equal.
fn first_difference(found: &str, expected: &str) -> Option<u32> {
    if found == expected {
        return None;
    }
    let mut found_lines = found.lines();
    let mut line = 1;
    for expected_line in expected.lines() {
        if found_lines.next() != Some(expected_line) {
            return Some(line);
        }
        line += 1;
    }
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_differing_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(first_difference("a\nc\n", "a\nb\n"), Some(2));
        assert_eq!(first_difference("a\n", "a\nb\n"), Some(2));
        assert_eq!(first_difference("", "a\n"), Some(1));
    }
}
