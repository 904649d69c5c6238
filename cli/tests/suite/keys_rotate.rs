//! `appcreds keys rotate` on a SQLite data directory: a new key, everything readable after.

use std::process::Command;

use appcreds::{Store, StoreConfig, Token};

use crate::support::BIN;

#[tokio::test]
async fn keys_rotate_reencrypts_and_retires_the_old_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = StoreConfig::new(dir.path());
    let store = Store::open(&config).await.unwrap();
    let account = store
        .create_account(appcreds::store::NewAccount {
            domain: "spotify".into(),
            title: "Mine".into(),
            auth_implementation: "spotify".into(),
            unique_id: None,
            token: Token::bearer("cli-access-token"),
            inputs: Default::default(),
        })
        .await
        .unwrap();
    store.close().await;
    let before = std::fs::read_to_string(dir.path().join("secret.key")).unwrap();

    let output = Command::new(BIN)
        .args(["keys", "rotate", "--data-dir"])
        .arg(dir.path())
        .env_remove("APPCREDS_SECRET_KEY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("generated key") && stdout.contains("re-encrypted 1 value(s)"),
        "{stdout}"
    );
    assert!(stdout.contains("retired key"), "{stdout}");
    let after = std::fs::read_to_string(dir.path().join("secret.key")).unwrap();
    assert_ne!(before, after);

    let store = Store::open(&config).await.unwrap();
    let read = store.account(&account.id).await.unwrap();
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&read.token.access_token),
        "cli-access-token"
    );
}

#[test]
fn keys_rotate_reports_a_wrong_key_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        Store::open(&StoreConfig::new(dir.path()))
            .await
            .unwrap()
            .close()
            .await;
    });
    let output = Command::new(BIN)
        .args(["keys", "rotate", "--data-dir"])
        .arg(dir.path())
        .env(
            "APPCREDS_SECRET_KEY",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("wrong secret key"), "{stderr}");
}
