//! axe-core (pinned by `tests/browser/package-lock.json`, installed with
//! `npm ci --prefix tests/browser`) run inside the page a [`Browser`] shows.

use std::path::PathBuf;

use crate::webdriver::{Browser, WebDriverError};

/// Where `npm ci --prefix tests/browser` puts axe-core.
pub fn script_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("browser/node_modules/axe-core/axe.min.js")
}

/// axe-core's source, if installed.
pub fn script() -> Option<String> {
    std::fs::read_to_string(script_path()).ok()
}

/// Injects `axe` (the source from [`script`]) into the current page and runs every WCAG 2.x A/AA
/// rule and axe's best practices: one line per violation (`rule: help [selectors]`).
pub async fn violations(browser: &Browser, axe: &str) -> Result<Vec<String>, WebDriverError> {
    browser
        .execute(&format!("{axe}\n;return typeof axe;"))
        .await?;
    let found = browser
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then(r => done(r.violations.map(v => v.id + ": " + v.help + " " + JSON.stringify(v.nodes.map(n => n.target.join(" "))))))
  .catch(e => done(["axe failed: " + e]));"#,
        )
        .await?;
    Ok(found
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}
