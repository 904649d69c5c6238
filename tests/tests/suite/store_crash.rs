//! Crash safety: a separate process writes credentials and token updates and is killed with
//! SIGKILL mid-way; the store reopens cleanly and every write it acknowledged is there. Against a
//! SQLite file and a PostgreSQL schema.

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
    crash(Kind::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_survives_sigkill() {
    crash(Kind::Postgres).await;
}

async fn crash(kind: Kind) {
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
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the writer starts");
    let pid = child.id();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acked = Vec::new();
    let mut credentials_acked = 0;
    while credentials_acked < KILL_AFTER {
        let line = lines
            .next()
            .expect("the writer acknowledges writes before exiting")
            .unwrap();
        credentials_acked += usize::from(line.starts_with("credential "));
        acked.push(line);
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
    acked.extend(lines.map_while(Result::ok));
    assert!(acked.len() < 2001, "killed mid-way");

    let store = db.open().await;
    let credentials = Credentials::new(store.clone(), appcreds_tests::registries::integrations());
    let account_id = acked[0]
        .strip_prefix("account ")
        .expect("first line names the account");
    let account = store
        .account(account_id)
        .await
        .expect("the account survived");
    let mut last_token = (1, 0);
    let mut checked = 0;
    for line in &acked[1..] {
        let parts: Vec<&str> = line.split(' ').collect();
        match parts.as_slice() {
            ["credential", id, n] => {
                let revealed = credentials
                    .reveal(id)
                    .await
                    .unwrap_or_else(|e| panic!("{id} lost: {e}"));
                assert_eq!(revealed.secret().expose_secret(), &format!("secret-{n}"));
                checked += 1;
            }
            ["token", version, n] => {
                last_token = (version.parse::<i64>().unwrap(), n.parse::<u64>().unwrap())
            }
            other => panic!("unexpected line {other:?}"),
        }
    }
    assert!(checked >= KILL_AFTER);
    // The token is at least the last acknowledged one, and consistent with its version.
    assert!(
        account.version >= last_token.0,
        "{} < {}",
        account.version,
        last_token.0
    );
    let n: u64 = account
        .token
        .access_token
        .expose_secret()
        .strip_prefix("crash-token-")
        .unwrap()
        .parse()
        .unwrap();
    assert!(n >= last_token.1);
    assert_eq!(account.version, n as i64 + 1);
    // Nothing half-written: every stored credential decrypts.
    let all = credentials.list().await.unwrap();
    assert!(all.len() >= checked && all.len() <= checked + 1);
    for credential in all {
        credentials.reveal(&credential.id).await.unwrap();
    }
    store.close().await;
    db.cleanup().await;
}
