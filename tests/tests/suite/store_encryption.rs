//! Encryption at rest, against SQLite and PostgreSQL: nothing secret in clear in the raw files or
//! rows, ciphertexts bound to their row, key rotation, wrong and missing keys, the key file's mode,
//! and `Debug` output.

use std::os::unix::fs::PermissionsExt as _;

use appcreds::prelude::*;
use appcreds::store::crypto::SecretKey;
use appcreds::store::{NewAccount, PendingFlow};
use appcreds::{CredentialUpdate, Credentials, NewCredential, Store, StoreConfig, StoreError};
use appcreds_tests::store_harness::{Kind, TestDb, contains_in_clear};
use secrecy::{ExposeSecret, SecretString};

appcreds_tests::on_both_backends!(
    nothing_secret_in_clear,
    swapped_ciphertext_fails,
    rotation_with_key_file,
    rotation_with_configured_keys,
    wrong_or_missing_key_fails_startup,
    key_file_is_private,
);

const SECRETS: [&str; 5] = [
    "CLIENT-SECRET-7f3a9",
    "ACCESS-TOKEN-1b2c3",
    "REFRESH-TOKEN-4d5e6",
    "ID-TOKEN-7a8b9",
    "PKCE-VERIFIER-0c1d2",
];

/// Writes one of everything that holds a secret; returns the account id.
async fn populate(store: &Store) -> String {
    let credentials = Credentials::new(
        store.clone(),
        appcreds_tests::registries::plain(&["crypto_test"]),
    );
    let credential = credentials
        .create(NewCredential {
            domain: "crypto_test".into(),
            client_id: "visible-client-id".into(),
            client_secret: SecretString::from(SECRETS[0].to_owned()),
            name: None,
        })
        .await
        .unwrap();
    let mut token = Token::bearer(SECRETS[1]);
    token.refresh_token = Some(SecretString::from(SECRETS[2].to_owned()));
    token.extra.insert("id_token".into(), SECRETS[3].into());
    let account = store
        .create_account(NewAccount {
            domain: "crypto_test".into(),
            title: "Visible title".into(),
            auth_implementation: credential.id.clone(),
            unique_id: None,
            token,
            inputs: Default::default(),
        })
        .await
        .unwrap();
    store
        .insert_pending_flow(&PendingFlow {
            id: "flow-1".into(),
            domain: "crypto_test".into(),
            credential_id: Some(credential.id),
            account_id: None,
            redirect_uri: "http://127.0.0.1/cb".into(),
            pkce_verifier: Some(SecretString::from(SECRETS[4].to_owned())),
            issuer: None,
            context: serde_json::json!({}),
            created_at: 0,
            expires_at: u64::MAX / 4,
        })
        .await
        .unwrap();
    account.id
}

/// Checks that every secret reads back.
async fn assert_readable(store: &Store, account_id: &str) {
    let credentials = Credentials::new(
        store.clone(),
        appcreds_tests::registries::plain(&["crypto_test"]),
    );
    let revealed = credentials
        .reveal("crypto_test_visible_client_id")
        .await
        .unwrap();
    assert_eq!(revealed.secret().expose_secret(), SECRETS[0]);
    let account = store.account(account_id).await.unwrap();
    assert_eq!(account.token.access_token.expose_secret(), SECRETS[1]);
    assert_eq!(
        account.token.refresh_token.unwrap().expose_secret(),
        SECRETS[2]
    );
    assert_eq!(account.token.extra["id_token"], SECRETS[3]);
    let flow = store.pending_flow("flow-1").await.unwrap().unwrap();
    assert_eq!(flow.pkce_verifier.unwrap().expose_secret(), SECRETS[4]);
}

async fn nothing_secret_in_clear(kind: Kind) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let store = db.open().await;
    let account_id = populate(&store).await;
    // Rotate a secret too: the old and the new one must both be absent.
    let credentials = Credentials::new(
        store.clone(),
        appcreds_tests::registries::plain(&["crypto_test"]),
    );
    credentials
        .update(
            "crypto_test_visible_client_id",
            CredentialUpdate {
                name: None,
                client_secret: Some(SecretString::from("ROTATED-SECRET-99".to_owned())),
            },
        )
        .await
        .unwrap();
    store
        .update_token(&account_id, 1, &Token::bearer("NEW-ACCESS-TOKEN-42"))
        .await
        .unwrap();
    let raw = db.raw_contents().await;
    assert!(
        contains_in_clear(&raw, "visible-client-id"),
        "the raw read sees the rows"
    );
    assert!(contains_in_clear(&raw, "Visible title"));
    for secret in SECRETS
        .iter()
        .chain(&["ROTATED-SECRET-99", "NEW-ACCESS-TOKEN-42"])
    {
        assert!(
            !contains_in_clear(&raw, secret),
            "{secret} is in clear in the {kind:?} database"
        );
    }
    store.close().await;
    db.cleanup().await;
}

async fn swapped_ciphertext_fails(kind: Kind) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let store = db.open().await;
    let credentials = Credentials::new(
        store.clone(),
        appcreds_tests::registries::plain(&["crypto_test"]),
    );
    for (id, secret) in [("one", "secret-one"), ("two", "secret-two")] {
        credentials
            .create(NewCredential {
                domain: "crypto_test".into(),
                client_id: id.into(),
                client_secret: SecretString::from(secret.to_owned()),
                name: None,
            })
            .await
            .unwrap();
    }
    db.execute_raw(
        "UPDATE appcreds_credentials SET client_secret = \
         (SELECT client_secret FROM appcreds_credentials WHERE id = 'crypto_test_one') \
         WHERE id = 'crypto_test_two'",
    )
    .await;
    let error = credentials.reveal("crypto_test_two").await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("crypto_test_two") && message.contains("moved from another row"),
        "{message}"
    );
    assert!(!message.contains("secret-one"));
    assert_eq!(
        credentials
            .reveal("crypto_test_one")
            .await
            .unwrap()
            .secret()
            .expose_secret(),
        "secret-one"
    );
    db.cleanup().await;
}

fn key_file_ids(db: &TestDb) -> Vec<String> {
    let text = std::fs::read_to_string(db.data_dir().join("secret.key")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| SecretKey::from_base64(l).unwrap().id().to_string())
        .collect()
}

async fn rotation_with_key_file(kind: Kind) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let writer = db.open().await;
    let account_id = populate(&writer).await;
    let old_ids = key_file_ids(&db);
    assert_eq!(old_ids.len(), 1);
    let old_key = std::fs::read_to_string(db.data_dir().join("secret.key")).unwrap();
    // A second instance, opened before the rotation, keeps reading during and after it.
    let reader = db.open().await;
    assert_readable(&reader, &account_id).await;

    let report = writer.rotate_keys().await.unwrap();
    assert!(report.generated);
    assert_eq!(report.reencrypted, 3);
    assert_eq!(
        report
            .retired
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        old_ids
    );
    assert!(report.still_in_use.is_empty());
    let new_ids = key_file_ids(&db);
    assert_eq!(new_ids, vec![report.current.to_string()]);
    assert_ne!(new_ids, old_ids);
    assert_eq!(
        std::fs::metadata(db.data_dir().join("secret.key"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );

    assert_readable(&reader, &account_id).await;
    assert_readable(&writer, &account_id).await;
    // The reader writes with the new key too.
    reader
        .update_token(&account_id, 1, &Token::bearer(SECRETS[1]))
        .await
        .unwrap();
    let mut token = reader.account(&account_id).await.unwrap().token;
    token.refresh_token = Some(SecretString::from(SECRETS[2].to_owned()));
    token.extra.insert("id_token".into(), SECRETS[3].into());
    reader.update_token(&account_id, 2, &token).await.unwrap();
    writer.close().await;
    reader.close().await;
    // After a restart, everything is readable with the new key only.
    let reopened = db.open().await;
    assert_readable(&reopened, &account_id).await;
    // The old key alone is refused, clearly.
    let error = Store::open(&db.config_with_key(old_key.lines().nth(1).unwrap()))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("wrong secret key"), "{error}");
    // A second rotation works as well.
    let again = reopened.rotate_keys().await.unwrap();
    assert_eq!(again.reencrypted, 3);
    assert_readable(&reopened, &account_id).await;
    db.cleanup().await;
}

fn b64(key: &SecretKey) -> String {
    key.to_base64().expose_secret().to_owned()
}

async fn rotation_with_configured_keys(kind: Kind) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let (k1, k2) = (SecretKey::generate(), SecretKey::generate());
    let store = Store::open(&db.config_with_key(&b64(&k1))).await.unwrap();
    let account_id = populate(&store).await;
    // With one configured key and nothing to re-encrypt, rotation says what to do.
    let error = store.rotate_keys().await.unwrap_err();
    assert!(error.to_string().contains("put a new key first"), "{error}");
    store.close().await;

    // The operator puts a new key first: both work at once, then rotation moves everything.
    let both = format!("{},{}", b64(&k2), b64(&k1));
    let store = Store::open(&db.config_with_key(&both)).await.unwrap();
    assert_readable(&store, &account_id).await;
    let report = store.rotate_keys().await.unwrap();
    assert!(!report.generated);
    assert_eq!(report.current, k2.id());
    assert_eq!(report.reencrypted, 3);
    assert_eq!(report.retired, vec![k1.id()]);
    store.close().await;
    assert!(
        !db.data_dir().join("secret.key").exists(),
        "configured keys never touch the key file"
    );

    let store = Store::open(&db.config_with_key(&b64(&k2))).await.unwrap();
    assert_readable(&store, &account_id).await;
    store.close().await;
    let error = Store::open(&db.config_with_key(&b64(&k1)))
        .await
        .unwrap_err();
    assert!(error.to_string().contains(&k2.id().to_string()), "{error}");
    db.cleanup().await;
}

async fn wrong_or_missing_key_fails_startup(kind: Kind) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let (right, wrong) = (SecretKey::generate(), SecretKey::generate());
    let store = Store::open(&db.config_with_key(&b64(&right)))
        .await
        .unwrap();
    populate(&store).await;
    store.close().await;

    let error = Store::open(&db.config_with_key(&b64(&wrong)))
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, StoreError::Key(_)), "{error:?}");
    assert!(message.contains("wrong secret key"), "{message}");
    assert!(message.contains(&right.id().to_string()) && message.contains(&wrong.id().to_string()));
    assert!(!message.contains(&b64(&right)) && !message.contains(&b64(&wrong)));

    // No key at all (no variable, no key file): refused, and no new key file is made up.
    let error = Store::open(&db.config()).await.unwrap_err();
    assert!(error.to_string().contains("missing secret key"), "{error}");
    assert!(!db.data_dir().join("secret.key").exists());

    // A malformed key.
    let error = Store::open(&db.config_with_key("not base64 !"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("base64"), "{error}");
    let error = Store::open(&db.config_with_key("c2hvcnQ="))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("5 bytes"), "{error}");

    // The right key still works.
    let store = Store::open(&db.config_with_key(&b64(&right)))
        .await
        .unwrap();
    assert_eq!(store.accounts(None).await.unwrap().len(), 1);
    db.cleanup().await;
}

async fn key_file_is_private(kind: Kind) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    let store = db.open().await;
    let path = db.data_dir().join("secret.key");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "secret.key has mode {mode:o}");
    store.close().await;
    // A restart reuses it.
    let before = std::fs::read(&path).unwrap();
    let store = db.open().await;
    assert_eq!(std::fs::read(&path).unwrap(), before);
    store.close().await;
    db.cleanup().await;
}

#[test]
fn debug_never_prints_a_secret() {
    let key = SecretKey::generate();
    let key_b64 = b64(&key);
    let mut token = Token::bearer("dbg-access");
    token.refresh_token = Some(SecretString::from("dbg-refresh".to_owned()));
    token.extra.insert("id_token".into(), "dbg-id-token".into());
    let printed = [
        format!("{:?}", ClientCredential::new("id", "dbg-client-secret")),
        format!("{token:?}"),
        format!(
            "{:?}",
            NewCredential {
                domain: "d".into(),
                client_id: "i".into(),
                client_secret: SecretString::from("dbg-new-secret".to_owned()),
                name: None,
            }
        ),
        format!(
            "{:?}",
            CredentialUpdate {
                name: None,
                client_secret: Some(SecretString::from("dbg-update-secret".to_owned())),
            }
        ),
        format!(
            "{:?}",
            NewAccount {
                domain: "d".into(),
                title: "t".into(),
                auth_implementation: "i".into(),
                unique_id: None,
                token: token.clone(),
                inputs: Default::default(),
            }
        ),
        format!(
            "{:?}",
            PendingFlow {
                id: "f".into(),
                domain: "d".into(),
                credential_id: None,
                account_id: None,
                redirect_uri: "r".into(),
                pkce_verifier: Some(SecretString::from("dbg-verifier".to_owned())),
                issuer: None,
                context: serde_json::Value::Null,
                created_at: 0,
                expires_at: 0,
            }
        ),
        format!("{key:?}"),
        format!(
            "{:?}",
            StoreConfig::new("/tmp")
                .database_url("postgres://user:dbg-db-password@host/db")
                .secret_key(SecretString::from(key_b64.clone()))
        ),
    ]
    .join("\n");
    for secret in [
        "dbg-access",
        "dbg-refresh",
        "dbg-id-token",
        "dbg-client-secret",
        "dbg-new-secret",
        "dbg-update-secret",
        "dbg-verifier",
        "dbg-db-password",
        key_b64.as_str(),
    ] {
        assert!(!printed.contains(secret), "{secret} printed:\n{printed}");
    }
}

#[tokio::test]
async fn linked_account_debug_hides_its_token() {
    let Some(db) = TestDb::new(Kind::Sqlite).await else {
        return;
    };
    let store = db.open().await;
    let id = populate(&store).await;
    let account = store.account(&id).await.unwrap();
    let flow = store.take_pending_flow("flow-1").await.unwrap().unwrap();
    let printed = format!("{account:?} {flow:?} {store:?}");
    for secret in SECRETS {
        assert!(!printed.contains(secret), "{printed}");
    }
}
