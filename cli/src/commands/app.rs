//! Opening the application from the shared command-line arguments.

use anyhow::Context as _;
use appcreds::{App, Registry};

use crate::cli::AppArgs;

impl AppArgs {
    /// The external URL: given, or `http://127.0.0.1:8123`.
    pub(crate) fn external_url(&self) -> &str {
        self.external_url
            .as_deref()
            .unwrap_or(appcreds::DEFAULT_EXTERNAL_URL)
    }

    /// The integrations this run knows: every linked one, `demo` only with `--demo`.
    pub(crate) fn registry(&self) -> anyhow::Result<Registry> {
        let registry = Registry::discover();
        Ok(match self.demo {
            true => registry,
            false => registry.without(appcreds_demo::DOMAIN),
        })
    }

    /// Opens the store and builds the application.
    pub(crate) async fn open(&self) -> anyhow::Result<App> {
        let mut builder = App::builder()
            .data_dir(&self.data_dir)
            .external_url(self.external_url())
            .registry(self.registry()?);
        if let Some(url) = &self.database_url {
            builder = builder.database_url(url);
        }
        builder.build().await.with_context(|| {
            format!(
                "opening the data directory {} (check --data-dir, --database-url and --external-url)",
                self.data_dir.display()
            )
        })
    }

    /// The demo provider for this application, keeping its grants in the data directory.
    pub(crate) fn demo_provider(&self, app: &App) -> appcreds_demo::DemoProvider {
        let ctx = app.context();
        appcreds_demo::DemoProvider::new(appcreds_demo::DemoConfig::for_app(
            ctx.external_url(),
            &ctx.redirect_uri(),
            Some(self.data_dir.join("demo-provider.json")),
        ))
    }
}
