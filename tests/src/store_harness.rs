//! A fresh database per test: a SQLite file in a temporary directory, or a unique schema in the
//! PostgreSQL server at `APPCREDS_TEST_POSTGRES_URL`.
//!
//! Without that variable the PostgreSQL variant is skipped with a notice on stderr, unless
//! `APPCREDS_REQUIRE_ALL=1`, which makes it a failure (CI).

use std::path::{Path, PathBuf};

use appcreds::{Store, StoreConfig};
use secrecy::SecretString;
use sqlx::Row;

/// The variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "APPCREDS_TEST_POSTGRES_URL";

/// Which backend a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL schema.
    Postgres,
}

/// One test's database and data directory.
#[derive(Debug)]
pub struct TestDb {
    /// The backend.
    pub kind: Kind,
    dir: tempfile::TempDir,
    /// The PostgreSQL URL selecting this test's schema.
    pub url: Option<String>,
    schema: Option<String>,
    admin: Option<sqlx::PgPool>,
}

fn unique_name() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("t_{}_{:x}", std::process::id(), nanos)
}

impl TestDb {
    /// A fresh database, or `None` (after a notice) when PostgreSQL is not configured.
    pub async fn new(kind: Kind) -> Option<TestDb> {
        TestDb::new_in(kind, &std::env::temp_dir()).await
    }

    /// [`TestDb::new`] with the data directory (and the SQLite file) created under `parent`: the
    /// benchmark keeps its files on disk under the target directory, never on a tmpfs.
    pub async fn new_in(kind: Kind, parent: &Path) -> Option<TestDb> {
        let dir = tempfile::tempdir_in(parent).expect("a temporary directory");
        if kind == Kind::Sqlite {
            return Some(TestDb {
                kind,
                dir,
                url: None,
                schema: None,
                admin: None,
            });
        }
        let Ok(base) = std::env::var(POSTGRES_ENV) else {
            assert!(
                std::env::var("APPCREDS_REQUIRE_ALL").as_deref() != Ok("1"),
                "{POSTGRES_ENV} is not set but APPCREDS_REQUIRE_ALL=1: PostgreSQL tests must run"
            );
            eprintln!("notice: {POSTGRES_ENV} is not set; skipping the PostgreSQL variant");
            return None;
        };
        let admin = sqlx::postgres::PgPoolOptions::new()
            .max_connections(2)
            .connect(&base)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={base} is unreachable: {e}"));
        let schema = unique_name();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(&admin)
            .await
            .expect("CREATE SCHEMA");
        let separator = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
        Some(TestDb {
            kind,
            dir,
            url: Some(url),
            schema: Some(schema),
            admin: Some(admin),
        })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The store's configuration: this database, the key file in the data directory.
    pub fn config(&self) -> StoreConfig {
        let config = StoreConfig::new(self.dir.path());
        match &self.url {
            Some(url) => config.database_url(url),
            None => config,
        }
    }

    /// The configuration with explicit key(s).
    pub fn config_with_key(&self, key: &str) -> StoreConfig {
        self.config().secret_key(SecretString::from(key.to_owned()))
    }

    /// Opens the store with the key file.
    pub async fn open(&self) -> Store {
        Store::open(&self.config()).await.expect("the store opens")
    }

    /// Everything the database holds, as bytes: the SQLite files verbatim (the database, its WAL
    /// and its shared-memory file), or every row of every table as PostgreSQL prints it.
    pub async fn raw_contents(&self) -> Vec<u8> {
        match &self.admin {
            None => {
                let mut bytes = Vec::new();
                for name in ["appcreds.db", "appcreds.db-wal", "appcreds.db-shm"] {
                    let path: PathBuf = self.dir.path().join(name);
                    if let Ok(content) = std::fs::read(&path) {
                        bytes.extend(content);
                    }
                }
                bytes
            }
            Some(admin) => {
                let schema = self.schema.as_deref().unwrap_or_default();
                let tables = sqlx::query(
                    "SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = $1",
                )
                .bind(schema)
                .fetch_all(admin)
                .await
                .expect("list tables");
                let mut bytes = Vec::new();
                for table in tables {
                    let table: String = table.get("t");
                    let sql = format!("SELECT CAST(x AS text) AS r FROM {schema}.{table} x");
                    for row in sqlx::query(sqlx::AssertSqlSafe(sql))
                        .fetch_all(admin)
                        .await
                        .expect("read rows")
                    {
                        let text: String = row.get("r");
                        bytes.extend(text.into_bytes());
                        bytes.push(b'\n');
                    }
                }
                bytes
            }
        }
    }

    /// Runs SQL directly on the database, bypassing the store (to tamper with rows).
    pub async fn execute_raw(&self, sql: &str) {
        match &self.url {
            Some(url) => {
                let pool = sqlx::PgPool::connect(url).await.expect("connect");
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(&pool)
                    .await
                    .expect("raw SQL");
                pool.close().await;
            }
            None => {
                let path = self.dir.path().join("appcreds.db");
                let conn = rusqlite::Connection::open(path).expect("open");
                conn.busy_timeout(std::time::Duration::from_secs(15))
                    .expect("busy timeout");
                conn.execute_batch(sql).expect("raw SQL");
            }
        }
    }

    /// Drops the PostgreSQL schema (the temporary directory goes by itself).
    pub async fn cleanup(self) {
        if let (Some(admin), Some(schema)) = (&self.admin, &self.schema) {
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                .execute(admin)
                .await;
        }
    }
}

/// Whether `haystack` contains `needle`, raw or as PostgreSQL prints bytes (hex).
pub fn contains_in_clear(haystack: &[u8], needle: &str) -> bool {
    let hex: String = needle.bytes().map(|b| format!("{b:02x}")).collect();
    let contains = |n: &[u8]| haystack.windows(n.len()).any(|w| w == n);
    contains(needle.as_bytes()) || contains(hex.as_bytes())
}

/// Declares, for each async `fn name(kind: Kind)` named, a module `name` with a `sqlite` and a
/// `postgres` test that run it against that backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::store_harness::Kind::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::store_harness::Kind::Postgres).await
            }
        }
    )*};
}
