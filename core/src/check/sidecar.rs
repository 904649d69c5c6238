//! Rules on the `strings.json` sidecar files, compared on disk with what the build embedded. They
//! run where the sources are (the annotated file exists at the path it was compiled from).
//!
//! - `stale_sidecar`: the file on disk differs from the embedded text, was removed since the
//!   build, or exists although the build did not see it (added after the `.rs` file was last
//!   compiled).
//! - `misnamed_sidecar`: beside the module, a JSON file with a `title` or
//!   `application_credentials` key under another name (`strava.json` beside `strava.rs`), while
//!   the right sidecar is missing.

use std::path::{Path, PathBuf};

use appcreds_rules::strings::sidecar_name;

use super::CheckProblem;
use crate::Integration;

/// Both sidecar rules, for one integration.
pub(super) fn rule(integration: &Integration) -> Vec<CheckProblem> {
    let Some(files) = integration.files else {
        return Vec::new();
    };
    let source = Path::new(files.source);
    if !source.is_file() {
        // Not where the sources are: nothing to compare.
        return Vec::new();
    }
    let strings = Path::new(files.strings);
    let on_disk = std::fs::read_to_string(strings).ok();
    let embedded = integration.embedded_strings.as_deref();
    let relative = Relative::new(source, integration.location().file);
    let name = relative.show(strings);
    let stale = match (embedded, on_disk.as_deref()) {
        (Some(embedded), Some(disk)) if embedded != disk => Some(format!(
            "`{name}` differs from the text this build embedded; rebuild the program (`cargo build`) so that it carries the file as it is now"
        )),
        (Some(_), None) => Some(format!(
            "`{name}` was removed after this build embedded it; rebuild the program (`cargo build`)"
        )),
        (None, Some(_)) => Some(format!(
            "`{name}` exists but this build did not see it (it was added after `{}` was compiled); rebuild after touching the source file, or run `cargo clean -p <crate>`",
            relative.show(source)
        )),
        _ => None,
    };
    let mut problems: Vec<CheckProblem> = stale
        .map(|message| at(integration, "stale_sidecar", message))
        .into_iter()
        .collect();
    if on_disk.is_none() {
        problems.extend(misnamed(source).into_iter().map(|path| {
            let message = format!(
                "`{}` looks like the strings of domain `{}` under the wrong name: appcreds reads `{name}`; rename it",
                relative.show(&path),
                integration.domain()
            );
            at(integration, "misnamed_sidecar", message)
        }));
    }
    problems
}

fn at(integration: &Integration, code: &'static str, message: String) -> CheckProblem {
    let domain = integration.domain();
    CheckProblem::at(
        code,
        Some(domain),
        integration.location(),
        format!("domain `{domain}`: {message}"),
    )
}

/// JSON files beside `source` named like its sidecar but not quite, that hold strings.
fn misnamed(source: &Path) -> Vec<PathBuf> {
    let (Some(directory), Some(right)) = (source.parent(), sidecar_name(source)) else {
        return Vec::new();
    };
    let Some(stem) = source.file_stem().and_then(|s| s.to_str()) else {
        return Vec::new();
    };
    let module_like = matches!(stem, "mod" | "lib" | "main");
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(directory)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                return false;
            };
            let json = name.to_ascii_lowercase().ends_with(".json");
            let named_like = if module_like {
                // Any strings-like JSON in a module directory but the module's own.
                !name.ends_with(".strings.json")
            } else {
                name.strip_prefix(stem)
                    .is_some_and(|rest| rest.starts_with(['.', '_', '-']))
            };
            json && name != right && named_like && holds_strings(path)
        })
        .collect();
    candidates.sort();
    candidates
}

/// Whether the file is a JSON object with a `title` or `application_credentials` key.
fn holds_strings(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    serde_json::from_str::<serde_json::Value>(&text).is_ok_and(|value| {
        value.get("application_credentials").is_some() || value.get("title").is_some()
    })
}

/// Shows absolute paths relative to the workspace the source was compiled in, found from the
/// absolute source path and the compiler's (relative) `file!()`.
struct Relative {
    root: Option<PathBuf>,
}

impl Relative {
    fn new(source: &Path, compiled_as: &str) -> Relative {
        let root = source
            .to_str()
            .and_then(|s| s.strip_suffix(compiled_as))
            .filter(|_| Path::new(compiled_as).is_relative())
            .map(PathBuf::from);
        Relative { root }
    }

    fn show(&self, path: &Path) -> String {
        self.root
            .as_deref()
            .and_then(|root| path.strip_prefix(root).ok())
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_workspace() {
        let relative = Relative::new(Path::new("/w/crate/src/a.rs"), "crate/src/a.rs");
        assert_eq!(
            relative.show(Path::new("/w/crate/src/a.strings.json")),
            "crate/src/a.strings.json"
        );
        let absolute = Relative::new(Path::new("/reg/x/src/a.rs"), "/reg/x/src/a.rs");
        assert_eq!(
            absolute.show(Path::new("/reg/x/src/a.json")),
            "/reg/x/src/a.json"
        );
    }

    #[test]
    fn a_misnamed_sidecar_is_found_only_if_it_holds_strings() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("strava.rs");
        std::fs::write(&source, "").unwrap();
        std::fs::write(dir.path().join("strava.json"), r#"{"title": "Strava"}"#).unwrap();
        std::fs::write(dir.path().join("strava_data.json"), r#"{"rows": []}"#).unwrap();
        std::fs::write(dir.path().join("stravaxyz.json"), r#"{"title": "x"}"#).unwrap();
        assert_eq!(misnamed(&source), vec![dir.path().join("strava.json")]);
    }
}
