//! The crash test's writer: opens the store in `<data_dir>` (SQLite, or the PostgreSQL URL given
//! second), then writes 1,000 credentials and 1,000 token updates, printing a line for each write
//! only after the store acknowledged it. The test kills it with SIGKILL mid-way.
//!
//! Lines: `account <id>`, `credential <id> <n>`, `token <version> <n>`.

use std::io::Write as _;
use std::time::Duration;

use appcreds::store::NewAccount;
use appcreds::{Credentials, NewCredential, Registry, Store, StoreConfig, Token};
use appcreds_integrations as _;
use secrecy::SecretString;

/// How many of each write.
const WRITES: usize = 1000;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data_dir = args
        .next()
        .ok_or("usage: store_crash_writer DATA_DIR [DATABASE_URL]")?;
    let mut config = StoreConfig::new(data_dir);
    if let Some(url) = args.next() {
        config = config.database_url(url);
    }
    let store = Store::open(&config).await?;
    let credentials = Credentials::new(store.clone(), Registry::discover().strict()?);
    let account = store
        .create_account(NewAccount {
            domain: "spotify".into(),
            title: "Crash test".into(),
            auth_implementation: "spotify".into(),
            unique_id: None,
            token: Token::bearer("crash-token-0").expiring_in(Duration::from_secs(3600)),
        })
        .await?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "account {}", account.id)?;
    let mut version = account.version;
    for n in 1..=WRITES {
        let created = credentials
            .create(NewCredential {
                domain: "spotify".into(),
                client_id: format!("client-{n}"),
                client_secret: SecretString::from(format!("secret-{n}")),
                name: None,
            })
            .await?;
        writeln!(out, "credential {} {n}", created.id)?;
        out.flush()?;
        let token = Token::bearer(format!("crash-token-{n}"));
        version = store.update_token(&account.id, version, &token).await?;
        writeln!(out, "token {version} {n}")?;
        out.flush()?;
    }
    Ok(())
}
