//! `appcreds keys rotate [--data-dir DIR] [--database-url URL]`.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use appcreds::{Store, StoreConfig};

pub(crate) async fn rotate(data_dir: &Path, database_url: Option<&str>) -> anyhow::Result<()> {
    let mut config = StoreConfig::new(data_dir);
    if let Some(url) = database_url {
        config = config.database_url(url);
    }
    let store = Store::open(&config).await.context("opening the store")?;
    let report = store.rotate_keys().await.context("rotating keys")?;
    store.close().await;
    let mut out = std::io::stdout().lock();
    if report.generated {
        writeln!(
            out,
            "generated key {} into {}",
            report.current, report.source
        )?;
    }
    writeln!(
        out,
        "re-encrypted {} value(s) under key {}",
        report.reencrypted, report.current
    )?;
    for key in &report.retired {
        if report.generated {
            writeln!(out, "retired key {key} (removed from {})", report.source)?;
        } else {
            writeln!(
                out,
                "retired key {key}: nothing uses it any more; remove it from {}",
                report.source
            )?;
        }
    }
    for key in &report.still_in_use {
        writeln!(
            out,
            "key {key} is still used by values written during the rotation: run `appcreds keys rotate` again"
        )?;
    }
    Ok(())
}
