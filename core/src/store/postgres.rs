//! The PostgreSQL backend, for several instances sharing one database: sqlx's own PostgreSQL
//! driver (prepared statements cached per connection, no ping when a connection is taken from the
//! pool).
//!
//! Each write operation is one transaction. Durable commits wait for the server's WAL flush, and
//! the server flushes the commits that arrive together once (its own group commit). No
//! operation relaxes `synchronous_commit`.

use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgArguments, PgConnection, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool};

use super::db::{Arg, BoxFuture, Conn, Row};
use super::postgres_tls;
use super::{Backend, StoreError};

/// Connects to a `postgres://` URL. A `?options=-c search_path=...` parameter selects a schema;
/// `sslmode` and `sslrootcert` select TLS (`postgres_tls`).
pub(crate) async fn connect(url: &str) -> Result<PgPool, StoreError> {
    let options = postgres_tls::connect_options(url)?;
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(30))
        // A broken connection fails its query and is dropped; pinging on every acquire would
        // cost a round trip per operation.
        .test_before_acquire(false)
        .connect_with(options.clone())
        .await
        .map_err(|error| postgres_tls::explain(error, &options))?;
    Ok(pool)
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Postgres, PgArguments>;

fn bind(sql: &str, args: Vec<Arg>) -> Query<'static> {
    args.into_iter().fold(
        sqlx::query(AssertSqlSafe(sql.to_owned())),
        |query, arg| match arg {
            Arg::Int(v) => query.bind(v),
            Arg::Text(v) => query.bind(v),
            Arg::Bytes(v) => query.bind(v),
        },
    )
}

/// One read statement on the pool.
pub(crate) async fn query(
    pool: &PgPool,
    sql: &'static str,
    args: Vec<Arg>,
) -> Result<Vec<Row>, StoreError> {
    let rows = bind(sql, args).fetch_all(pool).await?;
    Ok(rows.into_iter().map(Row::Postgres).collect())
}

/// Runs a write operation in one transaction.
pub(crate) async fn write<T, F>(pool: &PgPool, op: F) -> Result<T, StoreError>
where
    F: for<'c> FnOnce(&'c mut dyn Conn) -> BoxFuture<'c, Result<T, StoreError>>,
{
    let mut tx = pool.begin().await?;
    let result = op(&mut PgConn(&mut tx)).await;
    match result {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(error) => {
            let _ = tx.rollback().await;
            Err(error)
        }
    }
}

/// A PostgreSQL connection (or transaction) an operation runs on.
pub(crate) struct PgConn<'c>(pub(crate) &'c mut PgConnection);

#[async_trait]
impl Conn for PgConn<'_> {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    async fn query(&mut self, sql: &str, args: Vec<Arg>) -> Result<Vec<Row>, StoreError> {
        let rows = bind(sql, args).fetch_all(&mut *self.0).await?;
        Ok(rows.into_iter().map(Row::Postgres).collect())
    }

    async fn execute(&mut self, sql: &str, args: Vec<Arg>) -> Result<u64, StoreError> {
        Ok(bind(sql, args).execute(&mut *self.0).await?.rows_affected())
    }

    async fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }
}
