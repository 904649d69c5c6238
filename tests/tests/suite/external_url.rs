//! The external URL is recorded with the data: later builds use it, refuse another one (naming
//! both), and change it only when told to.

use appcreds::{App, AppError, ExternalUrlError};
use appcreds_tests::registries;

async fn build(dir: &std::path::Path, url: Option<&str>) -> Result<App, AppError> {
    let builder = App::builder()
        .data_dir(dir)
        .registry(registries::plain(&["spotify"]));
    match url {
        Some(url) => builder.external_url(url).build().await,
        None => builder.build().await,
    }
}

#[tokio::test]
async fn the_first_external_url_is_recorded_and_another_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let served = "http://127.0.0.1:40123/";
    let app = build(dir.path(), Some(served)).await.unwrap();
    app.store().close().await;
    let again = build(dir.path(), None).await.unwrap();
    assert_eq!(again.context().external_url().as_str(), served);
    again.store().close().await;
    let error = build(dir.path(), Some("http://127.0.0.1:8123"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            AppError::ExternalUrl(ExternalUrlError::Mismatch { .. })
        ),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains(served) && message.contains("http://127.0.0.1:8123/"),
        "{message}"
    );
    let moved = App::builder()
        .data_dir(dir.path())
        .registry(registries::plain(&["spotify"]))
        .change_external_url("https://home.example.com")
        .build()
        .await
        .unwrap();
    moved.store().close().await;
    let after = build(dir.path(), None).await.unwrap();
    assert_eq!(
        after.context().redirect_uri().as_str(),
        "https://home.example.com/auth/external/callback"
    );
}

#[tokio::test]
async fn a_command_that_needs_the_url_does_not_guess_it() {
    let dir = tempfile::tempdir().unwrap();
    let error = App::builder()
        .data_dir(dir.path())
        .registry(registries::plain(&["spotify"]))
        .require_external_url()
        .build()
        .await
        .unwrap_err();
    assert!(
        matches!(error, AppError::ExternalUrl(ExternalUrlError::Unknown)),
        "{error:?}"
    );
}
