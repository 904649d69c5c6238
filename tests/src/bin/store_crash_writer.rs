//! The crash test's writer: opens the store in `<data_dir>` (SQLite, or the PostgreSQL URL given
//! second), then runs `WRITERS` concurrent writers (the `APPCREDS_CRASH_WRITERS` variable, 1 by
//! default), each writing 1,000 credentials and 1,000 token updates of its own account, printing a
//! line for each write only after the store acknowledged it. The test kills it with SIGKILL
//! mid-way.
//!
//! Lines: `account <id>`, `credential <id> <label>` (its secret is `secret-<label>`),
//! `token <account id> <version> <n>` (the access token is `crash-token-<n>`).

use std::io::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use appcreds::store::NewAccount;
use appcreds::{AccountInputs, Credentials, NewCredential, Registry, Store, StoreConfig, Token};
use appcreds_integrations as _;
use secrecy::SecretString;

/// How many of each write, per writer.
const WRITES: usize = 1000;

type Error = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let data_dir = args
        .next()
        .ok_or("usage: store_crash_writer DATA_DIR [DATABASE_URL]")?;
    let mut config = StoreConfig::new(data_dir);
    if let Some(url) = args.next() {
        config = config.database_url(url);
    }
    let writers: usize = std::env::var("APPCREDS_CRASH_WRITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let store = Store::open(&config).await?;
    let credentials = Credentials::new(store.clone(), Registry::discover().strict()?);
    let out = Arc::new(Mutex::new(std::io::stdout()));
    let mut tasks = Vec::new();
    for writer in 0..writers {
        let (store, credentials, out) = (store.clone(), credentials.clone(), out.clone());
        let label = move |n: usize| match writers {
            1 => n.to_string(),
            _ => format!("{writer}-{n}"),
        };
        tasks.push(tokio::spawn(async move {
            write(&store, &credentials, &out, label).await
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(())
}

/// One writer: its account, then credentials and token updates in turn.
async fn write(
    store: &Store,
    credentials: &Credentials,
    out: &Mutex<std::io::Stdout>,
    label: impl Fn(usize) -> String,
) -> Result<(), Error> {
    let print = |line: String| -> Result<(), Error> {
        let mut out = out.lock().map_err(|_| "stdout poisoned")?;
        writeln!(out, "{line}")?;
        out.flush()?;
        Ok(())
    };
    let account = store
        .create_account(NewAccount {
            domain: "spotify".into(),
            title: format!("Crash test {}", label(0)),
            auth_implementation: "spotify".into(),
            unique_id: None,
            token: Token::bearer("crash-token-0").expiring_in(Duration::from_secs(3600)),
            inputs: AccountInputs::new(),
        })
        .await?;
    print(format!("account {}", account.id))?;
    let mut version = account.version;
    for n in 1..=WRITES {
        let label = label(n);
        let created = credentials
            .create(NewCredential {
                domain: "spotify".into(),
                client_id: format!("client-{label}"),
                client_secret: SecretString::from(format!("secret-{label}")),
                name: None,
            })
            .await?;
        print(format!("credential {} {label}", created.id))?;
        let token = Token::bearer(format!("crash-token-{n}"));
        version = store.update_token(&account.id, version, &token).await?;
        print(format!("token {} {version} {n}", account.id))?;
    }
    Ok(())
}
