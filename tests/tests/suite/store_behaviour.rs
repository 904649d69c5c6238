//! The store's behaviour suite, run against a SQLite file and a PostgreSQL schema: every rule of
//! credential management, linked accounts, pending flows and leases.

use std::time::Duration;

use appcreds::prelude::*;
use appcreds::store::{AccountStatus, NewAccount, PendingFlow};
use appcreds::{
    Accounts, CredentialError, CredentialUpdate, Credentials, ImportOutcome, NewCredential, Store,
    StoreError,
};
use appcreds_tests::store_harness::{Kind, TestDb};
use secrecy::{ExposeSecret, SecretString};

appcreds_tests::on_both_backends!(
    create_trims_and_slugifies,
    unknown_domain_is_invalid_format,
    bad_fields_are_invalid_format,
    duplicate_is_refused,
    list_and_get_never_hold_the_secret,
    delete_unknown_is_not_found,
    delete_in_use_names_the_account,
    imported_credential_is_protected,
    import_twice_is_one_item,
    config_file_is_imported,
    rename_and_rotate,
    move_account,
    used_by_and_for_account,
    token_compare_and_set,
    needs_reauth_and_delete,
    pending_flows_are_single_use,
    account_leases,
);

struct Fixture {
    db: TestDb,
    store: Store,
    credentials: Credentials,
    accounts: Accounts,
}

async fn fixture(kind: Kind) -> Option<Fixture> {
    let db = TestDb::new(kind).await?;
    let store = db.open().await;
    // `store_other`: a second domain, to move accounts across domains (refused).
    let registry = appcreds_tests::registries::plain(&["store_test", "store_other"]);
    let credentials = Credentials::new(store.clone(), registry);
    let accounts = Accounts::new(store.clone(), credentials.clone());
    Some(Fixture {
        db,
        store,
        credentials,
        accounts,
    })
}

fn new_credential(domain: &str, client_id: &str, secret: &str) -> NewCredential {
    NewCredential {
        domain: domain.to_owned(),
        client_id: client_id.to_owned(),
        client_secret: SecretString::from(secret.to_owned()),
        name: None,
    }
}

fn account(domain: &str, implementation: &str, title: &str) -> NewAccount {
    let mut token = Token::bearer(format!("access-{title}")).expiring_in(Duration::from_secs(3600));
    token.refresh_token = Some(SecretString::from(format!("refresh-{title}")));
    token
        .extra
        .insert("id_token".into(), "header.payload.sig".into());
    NewAccount {
        domain: domain.to_owned(),
        title: title.to_owned(),
        auth_implementation: implementation.to_owned(),
        unique_id: Some(format!("uid-{title}")),
        token,
        inputs: Default::default(),
    }
}

async fn create_trims_and_slugifies(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let mut new = new_credential(" store_test ", "  Some-Client.ID \t", "\n  s3cret  ");
    new.name = Some("  My app ".into());
    let created = f.credentials.create(new).await.unwrap();
    assert_eq!(created.id, "store_test_some_client_id");
    assert_eq!(created.client_id, "Some-Client.ID");
    assert_eq!(created.name.as_deref(), Some("My app"));
    assert_eq!(created.auth_domain, None);
    let revealed = f.credentials.reveal(&created.id).await.unwrap();
    assert_eq!(revealed.secret().expose_secret(), "s3cret");
    assert_eq!(revealed.client_id(), "Some-Client.ID");
    f.db.cleanup().await;
}

async fn unknown_domain_is_invalid_format(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let error = f
        .credentials
        .create(new_credential("no_such_domain", "id", "secret"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "invalid_format");
    let message = error.to_string();
    assert!(
        message.contains("no_such_domain") && message.contains("store_test"),
        "{message}"
    );
    f.db.cleanup().await;
}

async fn bad_fields_are_invalid_format(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    for (id, secret) in [
        ("   ", "s"),
        ("id", "  "),
        ("a b", "s"),
        ("id", "line\nbreak"),
    ] {
        let error = f
            .credentials
            .create(new_credential("store_test", id, secret))
            .await
            .unwrap_err();
        assert_eq!(error.code(), "invalid_format", "{id:?}: {error}");
        assert!(!error.to_string().contains("line\nbreak"));
    }
    let too_long = "x".repeat(300);
    let error = f
        .credentials
        .create(new_credential("store_test", &too_long, "s"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "invalid_format");
    assert!(f.credentials.list().await.unwrap().is_empty());
    f.db.cleanup().await;
}

async fn duplicate_is_refused(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    f.credentials
        .create(new_credential("store_test", "client", "one"))
        .await
        .unwrap();
    // Same slug: `Client` and ` client ` slugify to the same id.
    let error = f
        .credentials
        .create(new_credential("store_test", "Client", "two"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "duplicate");
    assert!(matches!(&error, CredentialError::Duplicate { id } if id == "store_test_client"));
    assert!(!error.to_string().contains("two"));
    assert_eq!(f.credentials.list().await.unwrap().len(), 1);
    let kept = f.credentials.reveal("store_test_client").await.unwrap();
    assert_eq!(kept.secret().expose_secret(), "one");
    f.db.cleanup().await;
}

async fn list_and_get_never_hold_the_secret(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    f.credentials
        .create(new_credential("store_test", "listed", "list-secret-value"))
        .await
        .unwrap();
    let list = f.credentials.list().await.unwrap();
    let one = f.credentials.get("store_test_listed").await.unwrap();
    let printed = format!("{list:?} {one:?}");
    let json = serde_json::to_string(&list).unwrap();
    for text in [printed, json] {
        assert!(!text.contains("list-secret-value"), "{text}");
    }
    assert_eq!(
        f.credentials.list_for_domain("store_test").await.unwrap(),
        list
    );
    assert!(
        f.credentials
            .list_for_domain("store_other")
            .await
            .unwrap()
            .is_empty()
    );
    f.db.cleanup().await;
}

async fn delete_unknown_is_not_found(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let error = f.credentials.delete("nope").await.unwrap_err();
    assert_eq!(error.code(), "not_found");
    assert!(error.to_string().contains("`nope`"));
    f.db.cleanup().await;
}

async fn delete_in_use_names_the_account(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let credential = f
        .credentials
        .create(new_credential("store_test", "used", "s"))
        .await
        .unwrap();
    let linked = f
        .store
        .create_account(account(
            "store_test",
            credential.implementation(),
            "Kitchen",
        ))
        .await
        .unwrap();
    let error = f.credentials.delete(&credential.id).await.unwrap_err();
    assert_eq!(error.code(), "in_use");
    let message = error.to_string();
    assert!(
        message.contains("Kitchen") && message.contains(&linked.id),
        "{message}"
    );
    f.store.delete_account(&linked.id).await.unwrap();
    let deleted = f.credentials.delete(&credential.id).await.unwrap();
    assert_eq!(deleted.id, credential.id);
    assert_eq!(
        f.credentials
            .delete(&credential.id)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    f.db.cleanup().await;
}

async fn imported_credential_is_protected(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let outcome = f
        .credentials
        .import(
            "store_test",
            ClientCredential::new("imported", "imp-secret"),
            None,
        )
        .await
        .unwrap();
    let ImportOutcome::Created(credential) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(credential.auth_domain.as_deref(), Some("store_test"));
    assert_eq!(
        credential.name.as_deref(),
        Some("Import from configuration")
    );
    // Its accounts store the auth_domain, as Home Assistant's do.
    let linked = f
        .store
        .create_account(account("store_test", "store_test", "Imported home"))
        .await
        .unwrap();
    let error = f.credentials.delete(&credential.id).await.unwrap_err();
    assert_eq!(error.code(), "in_use");
    assert!(error.to_string().contains(&linked.id));
    let for_account = f.accounts.credential_of(&linked).await.unwrap();
    assert_eq!(for_account.map(|c| c.id), Some(credential.id));
    f.db.cleanup().await;
}

async fn import_twice_is_one_item(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let named = ClientCredential::new(" twice ", "first").with_name("Mine");
    let first = f
        .credentials
        .import("store_test", named, None)
        .await
        .unwrap();
    assert!(matches!(first, ImportOutcome::Created(_)));
    assert_eq!(first.credential().name.as_deref(), Some("Mine"));
    let second = f
        .credentials
        .import("store_test", ClientCredential::new("twice", "second"), None)
        .await
        .unwrap();
    assert!(
        matches!(second, ImportOutcome::AlreadyPresent(_)),
        "{second:?}"
    );
    assert_eq!(f.credentials.list().await.unwrap().len(), 1);
    // An existing credential is never changed by an import.
    let kept = f.credentials.reveal("store_test_twice").await.unwrap();
    assert_eq!(kept.secret().expose_secret(), "first");
    let unknown = f
        .credentials
        .import("nope", ClientCredential::new("a", "b"), None)
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), "invalid_format");
    f.db.cleanup().await;
}

async fn config_file_is_imported(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let path = f.db.data_dir().join("appcreds.toml");
    std::fs::write(
        &path,
        "[credentials.store_test]\nclient_id = \" from-file \"\nclient_secret = \"file-secret\"\n\n\
         [credentials.store_other]\nclient_id = \"other\"\nclient_secret = \"x\"\nname = \"Other\"\n",
    )
    .unwrap();
    let outcomes = f.credentials.import_config_file(&path).await.unwrap();
    assert_eq!(outcomes.len(), 2);
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, ImportOutcome::Created(_)))
    );
    let again = f.credentials.import_config_file(&path).await.unwrap();
    assert!(
        again
            .iter()
            .all(|o| matches!(o, ImportOutcome::AlreadyPresent(_)))
    );
    let list = f.credentials.list().await.unwrap();
    assert_eq!(list.len(), 2);
    let other = f.credentials.get("store_other_other").await.unwrap();
    assert_eq!(other.name.as_deref(), Some("Other"));
    let revealed = f.credentials.reveal("store_test_from_file").await.unwrap();
    assert_eq!(revealed.secret().expose_secret(), "file-secret");
    // A missing file imports nothing; a wrong one is a clear error without values.
    let missing = f.db.data_dir().join("none.toml");
    assert!(
        f.credentials
            .import_config_file(&missing)
            .await
            .unwrap()
            .is_empty()
    );
    std::fs::write(
        &path,
        "[credentials.nope]\nclient_id = \"a\"\nclient_secret = \"hidden-value\"\n",
    )
    .unwrap();
    let error = f.credentials.import_config_file(&path).await.unwrap_err();
    assert_eq!(error.code(), "invalid_config");
    let message = error.to_string();
    assert!(
        message.contains("nope") && !message.contains("hidden-value"),
        "{message}"
    );
    f.db.cleanup().await;
}

async fn rename_and_rotate(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let credential = f
        .credentials
        .create(new_credential("store_test", "rot", "old-secret"))
        .await
        .unwrap();
    let linked = f
        .store
        .create_account(account(
            "store_test",
            credential.implementation(),
            "Rotated",
        ))
        .await
        .unwrap();
    let renamed = f
        .credentials
        .update(
            &credential.id,
            CredentialUpdate {
                name: Some(Some(" Renamed ".into())),
                client_secret: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Renamed"));
    let rotated = f
        .credentials
        .update(
            &credential.id,
            CredentialUpdate {
                name: None,
                client_secret: Some(SecretString::from(" new-secret ".to_owned())),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        rotated.name.as_deref(),
        Some("Renamed"),
        "rotation keeps the name"
    );
    // What the engine reads for the next token request: the new secret, for the account too.
    let revealed = f.credentials.reveal(&credential.id).await.unwrap();
    assert_eq!(revealed.secret().expose_secret(), "new-secret");
    assert_eq!(revealed.name(), Some("Renamed"));
    let by_domain = f.credentials.reveal_for_domain("store_test").await.unwrap();
    let (stored, client) = &by_domain[0];
    assert_eq!(stored.implementation(), linked.auth_implementation);
    assert_eq!(client.secret().expose_secret(), "new-secret");
    // The account is untouched.
    let still = f.store.account(&linked.id).await.unwrap();
    assert_eq!(still.version, linked.version);
    // Clearing the name; bad input and unknown ids.
    let cleared = f
        .credentials
        .update(
            &credential.id,
            CredentialUpdate {
                name: Some(None),
                client_secret: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(cleared.name, None);
    let empty = CredentialUpdate {
        name: None,
        client_secret: Some(SecretString::from("   ".to_owned())),
    };
    assert_eq!(
        f.credentials
            .update(&credential.id, empty)
            .await
            .unwrap_err()
            .code(),
        "invalid_format"
    );
    let unknown = f
        .credentials
        .update("nope", CredentialUpdate::default())
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), "not_found");
    f.db.cleanup().await;
}

async fn move_account(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let a = f
        .credentials
        .create(new_credential("store_test", "a", "sa"))
        .await
        .unwrap();
    let b = f
        .credentials
        .create(new_credential("store_test", "b", "sb"))
        .await
        .unwrap();
    let other = f
        .credentials
        .create(new_credential("store_other", "o", "so"))
        .await
        .unwrap();
    let linked = f
        .store
        .create_account(account("store_test", a.implementation(), "Moving"))
        .await
        .unwrap();
    let item = f.accounts.move_to(&linked.id, &b.id).await.unwrap();
    assert_eq!(
        item.application_credentials_id.as_deref(),
        Some(b.id.as_str())
    );
    let moved = f.accounts.get(&linked.id).await.unwrap();
    assert_eq!(moved.auth_implementation, b.id);
    assert!(moved.version > linked.version);
    assert_eq!(moved.token.access_token.expose_secret(), "access-Moving");
    assert!(f.accounts.using(&a.id).await.unwrap().is_empty());
    assert_eq!(f.accounts.using(&b.id).await.unwrap()[0].id, linked.id);
    // Now `a` can go, `b` cannot.
    f.credentials.delete(&a.id).await.unwrap();
    assert_eq!(
        f.credentials.delete(&b.id).await.unwrap_err().code(),
        "in_use"
    );
    let across = f.accounts.move_to(&linked.id, &other.id).await.unwrap_err();
    assert_eq!(across.code(), "invalid_format");
    assert!(across.to_string().contains("store_other"));
    let no_account = f.accounts.move_to("nope", &b.id).await.unwrap_err();
    assert_eq!(no_account.code(), "not_found");
    let no_credential = f.accounts.move_to(&linked.id, "nope").await.unwrap_err();
    assert_eq!(no_credential.code(), "not_found");
    f.db.cleanup().await;
}

async fn used_by_and_for_account(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let c = f
        .credentials
        .create(new_credential("store_test", "u", "s"))
        .await
        .unwrap();
    assert!(f.accounts.using(&c.id).await.unwrap().is_empty());
    let one = f
        .store
        .create_account(account("store_test", &c.id, "One"))
        .await
        .unwrap();
    let two = f
        .store
        .create_account(account("store_test", &c.id, "Two"))
        .await
        .unwrap();
    let users: Vec<String> = f
        .accounts
        .using(&c.id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(users.len(), 2);
    assert!(users.contains(&one.id) && users.contains(&two.id));
    assert_eq!(
        f.accounts.credential_of(&one).await.unwrap().map(|c| c.id),
        Some(c.id.clone())
    );
    let orphan = f
        .store
        .create_account(account("store_test", "gone", "Orphan"))
        .await
        .unwrap();
    assert_eq!(f.accounts.credential_of(&orphan).await.unwrap(), None);
    assert_eq!(
        f.accounts.using("nope").await.unwrap_err().code(),
        "not_found"
    );
    f.db.cleanup().await;
}

async fn token_compare_and_set(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let linked = f
        .store
        .create_account(account("store_test", "x", "Cas"))
        .await
        .unwrap();
    assert_eq!(linked.version, 1);
    let read = f.store.account(&linked.id).await.unwrap();
    assert_eq!(
        read.token.refresh_token.as_ref().unwrap().expose_secret(),
        "refresh-Cas"
    );
    assert_eq!(
        read.token.extra.get("id_token").unwrap(),
        "header.payload.sig"
    );
    assert_eq!(read.token.expires_at, linked.token.expires_at);
    assert_eq!(read.unique_id.as_deref(), Some("uid-Cas"));

    let mut fresh = Token::bearer("access-2");
    fresh.extra.insert("x".into(), 1.into());
    let v2 = f.store.update_token(&linked.id, 1, &fresh).await.unwrap();
    assert_eq!(v2, 2);
    // A second writer that read version 1 loses, with a typed conflict.
    let stale = f
        .store
        .update_token(&linked.id, 1, &Token::bearer("access-stale"))
        .await;
    match stale {
        Err(StoreError::Conflict {
            expected: 1,
            actual: 2,
            ..
        }) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    let now = f.store.account(&linked.id).await.unwrap();
    assert_eq!(now.version, 2);
    assert_eq!(now.token.access_token.expose_secret(), "access-2");
    assert_eq!(now.token.refresh_token.map(|_| ()), None);
    assert_eq!(now.token.extra.get("x").unwrap(), 1);
    let missing = f.store.update_token("nope", 1, &fresh).await.unwrap_err();
    assert!(
        matches!(missing, StoreError::NotFound { .. }),
        "{missing:?}"
    );

    // Concurrent writers from the same version: exactly one wins.
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = f.store.clone();
        let id = linked.id.clone();
        tasks.push(tokio::spawn(async move {
            store
                .update_token(&id, 2, &Token::bearer(format!("race-{i}")))
                .await
        }));
    }
    let mut wins = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(3) => wins += 1,
            Err(StoreError::Conflict { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(wins, 1);
    f.db.cleanup().await;
}

async fn needs_reauth_and_delete(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let linked = f
        .store
        .create_account(account("store_test", "x", "Reauth"))
        .await
        .unwrap();
    let other = f
        .store
        .create_account(account("store_other", "y", "Else"))
        .await
        .unwrap();
    assert_eq!(linked.status, AccountStatus::Ok);
    let v = f.store.mark_needs_reauth(&linked.id).await.unwrap();
    let read = f.store.account(&linked.id).await.unwrap();
    assert_eq!(read.status, AccountStatus::NeedsReauth);
    assert_eq!(read.version, v);
    assert_eq!(v, 2);
    // A successful reauth writes a token and makes the account usable again.
    f.store
        .update_token(&linked.id, v, &Token::bearer("after-reauth"))
        .await
        .unwrap();
    assert_eq!(
        f.store.account(&linked.id).await.unwrap().status,
        AccountStatus::Ok
    );
    let by_domain = f.store.accounts(Some("store_test")).await.unwrap();
    assert_eq!(by_domain.len(), 1);
    assert_eq!(by_domain[0].id, linked.id);
    assert_eq!(f.store.accounts(None).await.unwrap().len(), 2);
    f.store.delete_account(&linked.id).await.unwrap();
    assert!(matches!(
        f.store.account(&linked.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        f.store.delete_account(&linked.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        f.store.mark_needs_reauth("nope").await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(f.store.accounts(None).await.unwrap()[0].id, other.id);
    f.db.cleanup().await;
}

fn flow(id: &str, expires_in: i64) -> PendingFlow {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    PendingFlow {
        id: id.to_owned(),
        domain: "store_test".into(),
        credential_id: Some("store_test_c".into()),
        account_id: None,
        redirect_uri: "http://127.0.0.1:8123/auth/external/callback".into(),
        pkce_verifier: Some(SecretString::from(format!("verifier-{id}"))),
        issuer: Some("https://issuer.example".into()),
        context: serde_json::json!({"source": "user"}),
        created_at: now,
        expires_at: now.saturating_add_signed(expires_in),
    }
}

async fn pending_flows_are_single_use(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    f.store.insert_pending_flow(&flow("f1", 600)).await.unwrap();
    assert!(matches!(
        f.store.insert_pending_flow(&flow("f1", 600)).await,
        Err(StoreError::Duplicate { .. })
    ));
    let peeked = f.store.pending_flow("f1").await.unwrap().unwrap();
    assert_eq!(peeked.pkce_verifier.unwrap().expose_secret(), "verifier-f1");
    let taken = f.store.take_pending_flow("f1").await.unwrap().unwrap();
    assert_eq!(taken.domain, "store_test");
    assert_eq!(
        taken.redirect_uri,
        "http://127.0.0.1:8123/auth/external/callback"
    );
    assert_eq!(taken.issuer.as_deref(), Some("https://issuer.example"));
    assert_eq!(taken.context["source"], "user");
    assert!(!format!("{taken:?}").contains("verifier-f1"));
    // A replayed callback finds nothing.
    assert!(f.store.take_pending_flow("f1").await.unwrap().is_none());

    // Concurrent takes: exactly one wins.
    f.store.insert_pending_flow(&flow("f2", 600)).await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = f.store.clone();
        tasks.push(tokio::spawn(async move {
            store.take_pending_flow("f2").await.unwrap()
        }));
    }
    let mut winners = 0;
    for task in tasks {
        winners += usize::from(task.await.unwrap().is_some());
    }
    assert_eq!(winners, 1);

    // Expired flows are never returned, and purge removes them.
    f.store.insert_pending_flow(&flow("old", -5)).await.unwrap();
    f.store
        .insert_pending_flow(&flow("old2", -5))
        .await
        .unwrap();
    f.store
        .insert_pending_flow(&flow("live", 600))
        .await
        .unwrap();
    assert!(f.store.pending_flow("old").await.unwrap().is_none());
    assert!(f.store.take_pending_flow("old").await.unwrap().is_none());
    assert_eq!(f.store.purge_expired_flows().await.unwrap(), 1);
    assert!(f.store.pending_flow("live").await.unwrap().is_some());
    let mut no_pkce = flow("plain", 600);
    no_pkce.pkce_verifier = None;
    f.store.insert_pending_flow(&no_pkce).await.unwrap();
    assert!(
        f.store
            .take_pending_flow("plain")
            .await
            .unwrap()
            .unwrap()
            .pkce_verifier
            .is_none()
    );
    f.db.cleanup().await;
}

async fn account_leases(kind: Kind) {
    let Some(f) = fixture(kind).await else { return };
    let ttl = Duration::from_secs(30);
    let lease = f.store.try_lock_account("acc", ttl).await.unwrap().unwrap();
    assert!(
        f.store
            .try_lock_account("acc", ttl)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        f.store
            .try_lock_account("other", ttl)
            .await
            .unwrap()
            .is_some()
    );
    // Another instance (a second store on the same database) sees the lease too.
    let second = Store::open(&f.db.config()).await.unwrap();
    assert!(second.try_lock_account("acc", ttl).await.unwrap().is_none());
    let timeout = second
        .lock_account("acc", ttl, Duration::from_millis(200))
        .await;
    assert!(
        matches!(timeout, Err(StoreError::LockTimeout { .. })),
        "{timeout:?}"
    );
    // Released: the waiter gets it.
    let waiter = {
        let second = second.clone();
        tokio::spawn(async move {
            second
                .lock_account("acc", ttl, Duration::from_secs(10))
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    f.store.unlock_account(&lease).await.unwrap();
    let taken = waiter.await.unwrap().unwrap();
    assert_ne!(taken.holder, lease.holder);
    // Releasing a stale lease does not free the new holder's.
    f.store.unlock_account(&lease).await.unwrap();
    assert!(
        f.store
            .try_lock_account("acc", ttl)
            .await
            .unwrap()
            .is_none()
    );
    // An expired lease (its holder crashed) can be taken over.
    let short = f
        .store
        .try_lock_account("crash", Duration::from_millis(50))
        .await
        .unwrap()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(120)).await;
    let over = second
        .try_lock_account("crash", ttl)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(over.holder, short.holder);
    f.db.cleanup().await;
}
