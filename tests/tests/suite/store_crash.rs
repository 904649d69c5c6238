//! Crash safety: a separate process writes credentials and token updates and is killed with
//! SIGKILL mid-way; the store reopens cleanly and every write it acknowledged is there, none half
//! applied. With one writer, and with 32 writers in flight at once. Against a SQLite file and a
//! PostgreSQL schema.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::os::unix::process::ExitStatusExt as _;
use std::process::{Command, Stdio};

use appcreds::Credentials;
use appcreds_integrations as _;
use appcreds_tests::store_harness::{Kind, TestDb};
use secrecy::ExposeSecret as _;

/// Acknowledged credentials after which the writer is killed.
const KILL_AFTER: usize = 150;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_survives_sigkill() {
    crash(Kind::Sqlite, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_survives_sigkill() {
    crash(Kind::Postgres, 1).await;
}

/// 32 writers in flight at once: their writes share commits (group commit), and the kill lands
/// with many of them waiting for the disk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_survives_sigkill_with_32_concurrent_writers() {
    crash(Kind::Sqlite, 32).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_survives_sigkill_with_32_concurrent_writers() {
    crash(Kind::Postgres, 32).await;
}

/// What the writer acknowledged, by kind.
#[derive(Default)]
struct Acked {
    accounts: Vec<String>,
    credentials: Vec<(String, String)>,
    /// The last acknowledged `(version, n)` of each account.
    tokens: HashMap<String, (i64, u64)>,
}

impl Acked {
    fn read(&mut self, line: &str) {
        let parts: Vec<&str> = line.split(' ').collect();
        match parts.as_slice() {
            ["account", id] => self.accounts.push((*id).to_owned()),
            ["credential", id, label] => self
                .credentials
                .push(((*id).to_owned(), (*label).to_owned())),
            ["token", account, version, n] => {
                let token = (version.parse().unwrap(), n.parse().unwrap());
                let last = self.tokens.entry((*account).to_owned()).or_default();
                *last = (*last).max(token);
            }
            other => panic!("unexpected line {other:?}"),
        }
    }
}

async fn crash(kind: Kind, writers: usize) {
    let Some(db) = TestDb::new(kind).await else {
        return;
    };
    // Create the schema and the key file first, as a real start-up would.
    db.open().await.close().await;

    let mut command = Command::new(env!("CARGO_BIN_EXE_store_crash_writer"));
    command.arg(db.data_dir());
    if let Some(url) = &db.url {
        command.arg(url);
    }
    let mut child = command
        .env("APPCREDS_CRASH_WRITERS", writers.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the writer starts");
    let pid = child.id();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acked = Acked::default();
    while acked.credentials.len() < KILL_AFTER {
        let line = lines
            .next()
            .expect("the writer acknowledges writes before exiting")
            .unwrap();
        acked.read(&line);
    }
    // SIGKILL, by its pid: no destructor, no flush, no commit of anything in flight.
    child.kill().expect("SIGKILL");
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the writer (pid {pid}) was killed, not finished: {status:?}"
    );
    // Lines printed before the kill were acknowledged too.
    for line in lines.map_while(Result::ok) {
        acked.read(&line);
    }
    assert!(acked.credentials.len() < 1000 * writers, "killed mid-way");

    let store = db.open().await;
    let credentials = Credentials::new(store.clone(), appcreds_tests::registries::integrations());
    for (id, label) in &acked.credentials {
        let revealed = credentials
            .reveal(id)
            .await
            .unwrap_or_else(|e| panic!("{id} lost: {e}"));
        assert_eq!(
            revealed.secret().expose_secret(),
            &format!("secret-{label}")
        );
    }
    assert!(!acked.accounts.is_empty());
    for account_id in &acked.accounts {
        let account = store
            .account(account_id)
            .await
            .expect("the account survived");
        let (version, n) = acked.tokens.get(account_id).copied().unwrap_or((1, 0));
        // The token is at least the last acknowledged one, and consistent with its version.
        assert!(
            account.version >= version,
            "{} < {version}",
            account.version
        );
        let stored: u64 = account
            .token
            .access_token
            .expose_secret()
            .strip_prefix("crash-token-")
            .unwrap()
            .parse()
            .unwrap();
        assert!(stored >= n);
        assert_eq!(account.version, stored as i64 + 1);
    }
    // Nothing half-written: every stored credential decrypts, and at most the writes in flight
    // (one per writer) went beyond what was acknowledged.
    let all = credentials.list().await.unwrap();
    assert!(all.len() >= acked.credentials.len() && all.len() <= acked.credentials.len() + writers);
    for credential in all {
        credentials.reveal(&credential.id).await.unwrap();
    }
    store.close().await;
    db.cleanup().await;
}
