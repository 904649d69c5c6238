//! `docs/writing-integrations.md`: every block that shows a file of the example crate (marked
//! `<!-- file: PATH -->`) is that file, so that the guide's code is the code `.ci/run` compiles
//! and tests. (Its other Rust blocks are doc tests of `appcreds::guide`.)

use std::path::Path;

#[test]
fn the_guide_shows_the_example_crate_as_it_is() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let guide = std::fs::read_to_string(root.join("docs/writing-integrations.md")).unwrap();
    let mut shown = 0;
    let mut lines = guide.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .strip_prefix("<!-- file: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        let fence = lines.next().unwrap_or_default();
        assert!(fence.starts_with("```"), "no code block after {line}");
        let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        let file = std::fs::read_to_string(root.join(path)).unwrap();
        assert_eq!(
            format!("{}\n", block.join("\n")),
            file,
            "the guide's block differs from {path}"
        );
        shown += 1;
    }
    assert!(shown >= 5, "{shown} file blocks");
}
