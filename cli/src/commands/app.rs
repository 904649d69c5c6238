//! Opening the application from the shared command-line arguments.

use anyhow::Context as _;
use appcreds::{App, Registry};

use crate::cli::{AppArgs, DEFAULT_DATA_DIR};

/// `word` quoted for a POSIX shell when it needs it.
fn shell_word(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    match plain && !word.is_empty() {
        true => word.to_owned(),
        false => format!("'{}'", word.replace('\'', "'\\''")),
    }
}

impl AppArgs {
    /// The integrations this run knows: every linked one, `demo` only with `--demo`.
    pub(crate) fn registry(&self) -> anyhow::Result<Registry> {
        let registry = Registry::discover();
        Ok(match self.demo {
            true => registry,
            false => registry.without(appcreds_demo::DOMAIN),
        })
    }

    /// Opens the store and builds the application, with the external URL given (checked against
    /// the one recorded with the data) or recorded.
    pub(crate) async fn open(&self) -> anyhow::Result<App> {
        self.open_with(App::builder()).await
    }

    /// [`AppArgs::open`] for a command that sends secrets to endpoints derived from the external
    /// URL: no default URL is guessed.
    pub(crate) async fn open_requiring_external_url(&self) -> anyhow::Result<App> {
        self.open_with(App::builder().require_external_url()).await
    }

    /// [`AppArgs::open`] for `serve`: without `--external-url`, the recorded URL, else `fallback`.
    pub(crate) async fn open_serving(&self, fallback: String) -> anyhow::Result<App> {
        self.open_with(App::builder().external_url_unless_recorded(fallback))
            .await
    }

    async fn open_with(&self, builder: appcreds::AppBuilder) -> anyhow::Result<App> {
        let mut builder = builder.data_dir(&self.data_dir).registry(self.registry()?);
        builder = match (&self.external_url, self.change_external_url) {
            (Some(url), true) => builder.change_external_url(url),
            (Some(url), false) => builder.external_url(url),
            (None, _) => builder,
        };
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

    /// Opens existing data for a command that only reads or changes what is there: a missing
    /// data directory (or database file) is an error naming it, and nothing is created.
    pub(crate) async fn open_existing(&self) -> anyhow::Result<App> {
        if self.database_url.is_none() {
            let database = self.data_dir.join(appcreds::store::SQLITE_FILE_NAME);
            if !database.is_file() {
                anyhow::bail!(
                    "No appcreds data in {}: the directory has no {}. Pass --data-dir with the directory appcreds serve uses, or start appcreds serve --data-dir {} first.",
                    self.data_dir.display(),
                    appcreds::store::SQLITE_FILE_NAME,
                    self.data_dir.display(),
                );
            }
        }
        self.open().await
    }

    /// The arguments other commands need to reach this data, as the page shows them after
    /// `appcreds token ID`: `--data-dir` when it is not the default (the external URL is
    /// recorded with the data).
    pub(crate) fn command_args(&self) -> String {
        match self.data_dir == std::path::Path::new(DEFAULT_DATA_DIR) {
            true => String::new(),
            false => format!(
                "--data-dir {}",
                shell_word(&self.data_dir.display().to_string())
            ),
        }
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
