//! The data directory is private to the user that runs appcreds: the directory 0700, the database,
//! its WAL and shared-memory files, the key file and the admin token 0600, on a first start and
//! after a start on files an older version left readable by others.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use appcreds::http::{ADMIN_TOKEN_FILE, AdminToken};
use appcreds::store::KEY_FILE_NAME;
use appcreds::{Store, StoreConfig};

const FILES: [&str; 5] = [
    "appcreds.db",
    "appcreds.db-wal",
    "appcreds.db-shm",
    KEY_FILE_NAME,
    ADMIN_TOKEN_FILE,
];

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Opens the store (SQLite creates its WAL and shared-memory files) and the admin token, and
/// returns the store still open.
async fn start(data_dir: &Path) -> Store {
    let store = Store::open(&StoreConfig::new(data_dir)).await.unwrap();
    AdminToken::load_or_create(data_dir).unwrap();
    store
}

fn assert_private(data_dir: &Path) {
    assert_eq!(mode(data_dir), 0o700, "the data directory");
    for name in FILES {
        assert_eq!(mode(&data_dir.join(name)), 0o600, "{name}");
    }
}

#[tokio::test]
async fn a_new_data_directory_and_its_files_are_private() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("nested").join("data");
    let store = start(&data_dir).await;
    assert_private(&data_dir);
    store.close().await;
}

#[tokio::test]
async fn files_others_can_read_are_tightened_at_start_up() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("data");
    start(&data_dir).await.close().await;
    // As an older version (or a restore with the default umask) left them.
    std::fs::set_permissions(&data_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for name in [FILES[0], FILES[3], FILES[4]] {
        std::fs::set_permissions(data_dir.join(name), std::fs::Permissions::from_mode(0o644))
            .unwrap();
    }
    let store = start(&data_dir).await;
    assert_private(&data_dir);
    store.close().await;
}
