//! Finding, reading and checking the integration's `strings.json` at compile time.
//!
//! Where it is looked for: the `strings = "path"` key (relative to the annotated file's directory),
//! else beside the annotated file: `<stem>.strings.json` for `<stem>.rs`, or `strings.json` when the
//! file is a `mod.rs`, `lib.rs` or `main.rs` (the directory is then the module). The file is embedded
//! with `include_str!`, so editing it rebuilds the crate.

use std::path::{Path, PathBuf};

use appcreds_rules::strings::{self, Strings, sidecar_name};
use proc_macro2::Span;
use syn::LitStr;

use crate::ctxt::Ctxt;

/// A `strings.json` that was found and read.
pub(crate) struct StringsFile {
    /// Absolute path, for `include_str!`.
    pub(crate) path: PathBuf,
    /// The checked contents; `None` when it has errors (already reported).
    pub(crate) strings: Option<Strings>,
}

/// Where the item's strings file is looked for, on the compiling machine: the absolute path of
/// the annotated file (when the compiler knows it) and of the strings file.
pub(crate) struct Paths {
    /// The annotated file, absolute.
    pub(crate) source: Option<PathBuf>,
    /// The `strings.json` looked for (explicit or beside the source), absolute.
    pub(crate) strings: PathBuf,
}

impl Paths {
    /// The paths for the item defined in `source`, with the `strings = "path"` key if given.
    pub(crate) fn new(source: Option<&Path>, explicit: Option<&LitStr>) -> Option<Paths> {
        // A relative source path is relative to the compiler's working directory, which is this
        // process's: proc macros run inside rustc.
        let source = source.map(|s| {
            std::env::current_dir()
                .map(|cwd| cwd.join(s))
                .unwrap_or_else(|_| s.to_path_buf())
        });
        let directory = source
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(manifest_dir)?;
        let path = match explicit {
            Some(lit) => directory.join(lit.value()),
            None => directory.join(sidecar_name(source.as_deref()?)?),
        };
        let strings = if path.is_absolute() {
            path
        } else {
            manifest_dir()?.join(path)
        };
        Some(Paths { source, strings })
    }
}

/// Reads and checks the strings file at `paths` (the `strings = "path"` key, if given, must
/// name a readable file; the default sidecar may be absent).
pub(crate) fn locate(
    cx: &Ctxt,
    paths: Option<&Paths>,
    explicit: Option<&LitStr>,
) -> Option<StringsFile> {
    let path = paths?.strings.clone();
    let span = explicit.map_or_else(Span::call_site, LitStr::span);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(_) if explicit.is_none() => return None,
        Err(error) => {
            cx.error_at(
                span,
                format!("cannot read `{}`: {error}; the path is relative to the directory of this source file", display_name(&path)),
            );
            return None;
        }
    };
    let strings = match strings::parse(&text) {
        Ok(strings) => Some(strings),
        Err(errors) => {
            for error in errors {
                cx.error_at(span, format!("{error} (in {})", display_name(&path)));
            }
            None
        }
    };
    Some(StringsFile { path, strings })
}

fn manifest_dir() -> Option<PathBuf> {
    std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)
}

/// The file name with its parent directory, short enough for a message and stable across machines.
pub(crate) fn display_name(path: &Path) -> String {
    let mut parts: Vec<_> = path
        .iter()
        .rev()
        .take(2)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    parts.reverse();
    parts.join("/")
}
