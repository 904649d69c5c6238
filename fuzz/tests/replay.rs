//! Every seed input (`fuzz/corpus/<target>/`) and every input that once crashed a target
//! (`fuzz/regressions/<target>/`, copied there by `fuzz/run`) goes through its target in a plain
//! `cargo test`: a crash found by fuzzing stays a failing test until it is fixed.

use std::path::{Path, PathBuf};

use appcreds_fuzz::{TARGETS, target};

fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(kind)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && !path.ends_with("README.md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_seed_and_regression_input_runs_clean() {
    let mut seeds = 0;
    for (name, run) in TARGETS {
        let corpus = inputs("corpus", name);
        assert!(!corpus.is_empty(), "fuzz/corpus/{name}/ has no seed");
        seeds += corpus.len();
        for path in corpus.iter().chain(&inputs("regressions", name)) {
            let data = std::fs::read(path).unwrap();
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("{} crashes the `{name}` target", path.display());
            }
        }
    }
    assert!(seeds >= TARGETS.len());
}

#[test]
fn every_corpus_directory_names_a_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            if entry.path().is_dir() {
                let name = entry.file_name().to_string_lossy().into_owned();
                assert!(
                    target(&name).is_some(),
                    "fuzz/{kind}/{name} names no target"
                );
            }
        }
    }
}
