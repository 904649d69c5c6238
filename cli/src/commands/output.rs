//! What the commands print: JSON for `--json`, else one line per item.

use std::io::Write as _;

use serde::Serialize;

/// Prints `value` as JSON, or the text line.
pub(crate) fn print<T: Serialize>(
    json: bool,
    value: &T,
    text: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", text())?;
    }
    Ok(())
}

/// Prints a listing: a JSON array, or one line per item (`empty` when there is none).
pub(crate) fn print_list<T: Serialize>(
    json: bool,
    items: &[T],
    empty: &str,
    line: impl Fn(&T) -> String,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, items)?;
        writeln!(out)?;
        return Ok(());
    }
    if items.is_empty() {
        writeln!(out, "{empty}")?;
    }
    for item in items {
        writeln!(out, "{}", line(item))?;
    }
    Ok(())
}
