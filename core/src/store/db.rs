//! The one query interface over both databases.
//!
//! A query is SQL text written once, with `$n` parameters (SQLite reads `$1` as a named parameter,
//! PostgreSQL as a positional one), bound with [`Arg`]s in order ([`args!`]); rows come back as
//! [`Row`]s read by column name. A read runs on its own ([`Db::query`]); a write is an *operation*:
//! an async closure over a [`Conn`] that runs one or more statements, all committed together
//! ([`Db::write`]). Table files (`*_table.rs`) hold each query once and offer *steps* (functions
//! over `&mut dyn Conn`), so an operation that spans tables composes them in one commit.
//!
//! - SQLite (`sqlite.rs`): reads go to a small pool of reader threads; every write goes to one
//!   writer thread that gathers the writes waiting for it into one transaction and one fsync
//!   (group commit), and answers each only once that commit is durable.
//! - PostgreSQL (`postgres.rs`): sqlx's own driver; each operation is a transaction, and the
//!   server shares one WAL flush between the commits that arrive together.

use std::future::Future;
use std::pin::Pin;

use async_trait::async_trait;

use super::{Backend, StoreError};

/// A future that may borrow a connection.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A value bound to a `$n` parameter.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    /// A `BIGINT`.
    Int(Option<i64>),
    /// A `TEXT`.
    Text(Option<String>),
    /// A `BLOB`/`BYTEA`.
    Bytes(Option<Vec<u8>>),
}

macro_rules! arg_from {
    ($($ty:ty => |$v:ident| $make:expr),* $(,)?) => {$(
        impl From<$ty> for Arg {
            fn from($v: $ty) -> Arg {
                $make
            }
        }
    )*};
}

arg_from! {
    i64 => |v| Arg::Int(Some(v)),
    Option<i64> => |v| Arg::Int(v),
    &str => |v| Arg::Text(Some(v.to_owned())),
    String => |v| Arg::Text(Some(v)),
    &String => |v| Arg::Text(Some(v.clone())),
    Option<&str> => |v| Arg::Text(v.map(str::to_owned)),
    Option<String> => |v| Arg::Text(v),
    &Option<String> => |v| Arg::Text(v.clone()),
    Vec<u8> => |v| Arg::Bytes(Some(v)),
    Option<Vec<u8>> => |v| Arg::Bytes(v),
}

/// The arguments of a query, in `$n` order: `args![id, version]`.
macro_rules! args {
    ($($arg:expr),* $(,)?) => {
        vec![$($crate::store::db::Arg::from($arg)),*]
    };
}
pub(crate) use args;

/// A row of a result, read by column name.
#[derive(Debug)]
pub(crate) enum Row {
    /// A SQLite row, copied out of its statement on the database thread.
    #[cfg(feature = "sqlite")]
    Sqlite(super::sqlite::SqliteRow),
    /// A PostgreSQL row, decoded lazily.
    #[cfg(feature = "postgres")]
    Postgres(sqlx::postgres::PgRow),
}

impl Row {
    /// The value of column `name`.
    pub(crate) fn get<T: Column>(&self, name: &str) -> Result<T, StoreError> {
        match self {
            #[cfg(feature = "sqlite")]
            Row::Sqlite(row) => row.get(name),
            #[cfg(feature = "postgres")]
            Row::Postgres(row) => T::from_postgres(row, name).map_err(StoreError::from),
        }
    }
}

/// A Rust type a column is read as.
pub(crate) trait Column: Sized {
    /// From a SQLite value; `None` when it has another type.
    #[cfg(feature = "sqlite")]
    fn from_sqlite(value: &rusqlite::types::Value) -> Option<Self>;
    /// From a PostgreSQL row.
    #[cfg(feature = "postgres")]
    fn from_postgres(row: &sqlx::postgres::PgRow, name: &str) -> Result<Self, sqlx::Error>;
}

macro_rules! column {
    ($ty:ty, $variant:ident) => {
        impl Column for $ty {
            #[cfg(feature = "sqlite")]
            fn from_sqlite(value: &rusqlite::types::Value) -> Option<Self> {
                match value {
                    rusqlite::types::Value::$variant(v) => Some(v.clone()),
                    _ => None,
                }
            }
            #[cfg(feature = "postgres")]
            fn from_postgres(row: &sqlx::postgres::PgRow, name: &str) -> Result<Self, sqlx::Error> {
                sqlx::Row::try_get(row, name)
            }
        }

        impl Column for Option<$ty> {
            #[cfg(feature = "sqlite")]
            fn from_sqlite(value: &rusqlite::types::Value) -> Option<Self> {
                match value {
                    rusqlite::types::Value::Null => Some(None),
                    value => <$ty>::from_sqlite(value).map(Some),
                }
            }
            #[cfg(feature = "postgres")]
            fn from_postgres(row: &sqlx::postgres::PgRow, name: &str) -> Result<Self, sqlx::Error> {
                sqlx::Row::try_get(row, name)
            }
        }
    };
}

column!(i64, Integer);
column!(String, Text);
column!(Vec<u8>, Blob);

/// What an operation runs its statements on: the writer's transaction (SQLite), a transaction
/// (PostgreSQL), or a reader connection.
#[async_trait]
pub(crate) trait Conn: Send {
    /// Which database this is.
    fn backend(&self) -> Backend;
    /// The rows `sql` returns.
    async fn query(&mut self, sql: &str, args: Vec<Arg>) -> Result<Vec<Row>, StoreError>;
    /// Runs `sql`; returns how many rows it changed.
    async fn execute(&mut self, sql: &str, args: Vec<Arg>) -> Result<u64, StoreError>;
    /// Runs several statements without parameters (migrations).
    async fn batch(&mut self, sql: &str) -> Result<(), StoreError>;
}

impl dyn Conn + '_ {
    /// The first row `sql` returns, if any.
    pub(crate) async fn query_opt(
        &mut self,
        sql: &str,
        args: Vec<Arg>,
    ) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, args).await?.into_iter().next())
    }
}

/// The database a store runs on.
pub(crate) enum Db {
    /// SQLite: reader threads and one group-committing writer thread.
    #[cfg(feature = "sqlite")]
    Sqlite(super::sqlite::SqliteDb),
    /// PostgreSQL: a pool of sqlx connections.
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgPool),
}

impl Db {
    /// Which database this is.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// The rows one read statement returns.
    pub(crate) async fn query(
        &self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<Vec<Row>, StoreError> {
        match self {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(db) => db.query(sql, args).await,
            #[cfg(feature = "postgres")]
            Db::Postgres(pool) => super::postgres::query(pool, sql, args).await,
        }
    }

    /// The first row one read statement returns, if any.
    pub(crate) async fn query_opt(
        &self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, args).await?.into_iter().next())
    }

    /// Runs a read operation of several statements (no consistency between them is promised).
    pub(crate) async fn read<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut dyn Conn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        match self {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(db) => db.read(op).await,
            #[cfg(feature = "postgres")]
            Db::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                op(&mut super::postgres::PgConn(&mut conn)).await
            }
        }
    }

    /// Runs a write operation: every statement it runs commits together, or none does. It is
    /// acknowledged once that commit is on disk (fsync'd; group-committed with concurrent writes). An operation that
    /// returns an error is rolled back alone.
    pub(crate) async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut dyn Conn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        match self {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(db) => db.write(op).await,
            #[cfg(feature = "postgres")]
            Db::Postgres(pool) => super::postgres::write(pool, op).await,
        }
    }

    /// One write statement, committed on its own; returns how many rows it changed.
    pub(crate) async fn execute(
        &self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<u64, StoreError> {
        self.write(move |c| Box::pin(c.execute(sql, args))).await
    }

    /// One write statement with `RETURNING`, committed on its own; its first row.
    pub(crate) async fn execute_returning(
        &self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<Option<Row>, StoreError> {
        self.write(move |c| Box::pin(c.query_opt(sql, args))).await
    }

    /// Closes the connections (waiting for the SQLite threads to finish what they hold).
    pub(crate) async fn close(&self) {
        match self {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(db) => db.close().await,
            #[cfg(feature = "postgres")]
            Db::Postgres(pool) => pool.close().await,
        }
    }
}
