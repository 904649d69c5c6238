//! The embedded SQLite backend: one file in write-ahead-log mode, read by a few reader threads and
//! written by one writer thread that commits in groups.
//!
//! **Group commit.** Every write is an operation sent to the writer thread. The thread takes the
//! first waiting operation and every other one already queued, runs them in one transaction (each
//! in its own savepoint, so one that fails is rolled back alone), commits once, and only then
//! answers each caller. While it waits on the disk, the next writes queue up and form the next
//! batch: the fsync is paid once per batch, not once per write. Every batch commits with
//! `synchronous = FULL` (the WAL is fsync'd before any caller hears of its write).
//!
//! Several processes may share the file: the writer starts each batch with `BEGIN IMMEDIATE` and
//! waits up to the busy timeout for another process's writer.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::thread::JoinHandle;
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::oneshot;

use super::db::{Arg, BoxFuture, Column, Conn, Row};
use super::{Backend, StoreError, private_files};

/// Reader threads: enough to overlap a few reads with the writer on two cores.
const READERS: usize = 3;
/// The most writes one transaction gathers.
const MAX_BATCH: usize = 512;
/// How long a writer waits for another process's transaction before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

/// A row copied out of its statement.
#[derive(Debug)]
pub(crate) struct SqliteRow {
    names: Arc<[String]>,
    values: Vec<Value>,
}

impl SqliteRow {
    pub(crate) fn get<T: Column>(&self, name: &str) -> Result<T, StoreError> {
        let index = self
            .names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| StoreError::database(format!("no column `{name}` in the result")))?;
        T::from_sqlite(&self.values[index]).ok_or_else(|| {
            StoreError::database(format!(
                "column `{name}` holds {:?}, not the expected type",
                self.values[index].data_type()
            ))
        })
    }
}

/// A connection owned by one thread.
pub(crate) struct SqliteConn {
    conn: Connection,
}

/// The `$n` parameter names, so that binding allocates nothing.
const PARAMETERS: [&str; 16] = [
    "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15",
    "$16",
];

impl rusqlite::ToSql for Arg {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Arg::Int(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Arg::Text(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Arg::Bytes(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Blob(v)),
            Arg::Int(None) | Arg::Text(None) | Arg::Bytes(None) => {
                ToSqlOutput::Borrowed(ValueRef::Null)
            }
        })
    }
}

impl SqliteConn {
    fn statement<'c>(
        &'c self,
        sql: &str,
        args: &[Arg],
    ) -> rusqlite::Result<rusqlite::CachedStatement<'c>> {
        let mut statement = self.conn.prepare_cached(sql)?;
        for (name, arg) in PARAMETERS.iter().zip(args) {
            statement.raw_bind_parameter(*name, arg)?;
        }
        Ok(statement)
    }

    fn query_now(&self, sql: &str, args: &[Arg]) -> rusqlite::Result<Vec<Row>> {
        let mut statement = self.statement(sql, args)?;
        let names: Arc<[String]> = statement
            .column_names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut rows = statement.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let values = (0..names.len())
                .map(|i| row.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.push(Row::Sqlite(SqliteRow {
                names: names.clone(),
                values,
            }));
        }
        Ok(out)
    }

    fn execute_now(&self, sql: &str, args: &[Arg]) -> rusqlite::Result<u64> {
        Ok(self.statement(sql, args)?.raw_execute()? as u64)
    }

    fn plain(&self, sql: &str) -> rusqlite::Result<()> {
        self.conn.prepare_cached(sql)?.raw_execute().map(drop)
    }
}

#[async_trait]
impl Conn for SqliteConn {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn query(&mut self, sql: &str, args: Vec<Arg>) -> Result<Vec<Row>, StoreError> {
        Ok(self.query_now(sql, &args)?)
    }

    async fn execute(&mut self, sql: &str, args: Vec<Arg>) -> Result<u64, StoreError> {
        Ok(self.execute_now(sql, &args)?)
    }

    async fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch(sql)?)
    }
}

/// Runs an operation's future to its end. Over a [`SqliteConn`] it never waits (every statement
/// runs synchronously on this thread), so one poll finishes it.
fn finish<T>(mut future: BoxFuture<'_, Result<T, StoreError>>) -> Result<T, StoreError> {
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(result) => result,
        Poll::Pending => Err(StoreError::database(
            "a SQLite operation waited on something other than the database".to_owned(),
        )),
    }
}

type ReadJob = Box<dyn FnOnce(&mut SqliteConn) + Send>;

/// A write waiting for the writer: it runs in the batch's transaction (or, given the reason the
/// transaction could not start, does not run) and returns how to answer its caller once the batch
/// is committed (or failed to commit).
struct WriteJob {
    run: RunWrite,
}

/// Runs a write on the writer's connection, or (given why the transaction did not start) not.
type RunWrite = Box<dyn FnOnce(Result<&mut SqliteConn, &str>) -> Ran + Send>;

/// Answers a write's caller, given the commit's error if it failed.
type Answer = Box<dyn FnOnce(Option<&str>) + Send>;

/// A write that ran: whether it failed (its savepoint is then rolled back), and the answer to
/// send once the commit's outcome is known.
struct Ran {
    failed: bool,
    answer: Answer,
}

struct Channels {
    reads: Sender<ReadJob>,
    writes: Sender<WriteJob>,
}

/// The SQLite database: its threads and the channels to them.
pub(crate) struct SqliteDb {
    channels: Mutex<Option<Channels>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
}

/// Opens (creating it if needed) the SQLite file at `path`. The directory is created 0700 and the
/// file 0600 before SQLite opens it: SQLite gives its WAL and shared-memory files the database
/// file's mode.
pub(crate) fn open_file(path: &Path) -> Result<SqliteDb, StoreError> {
    if let Some(dir) = path.parent() {
        private_files::create_private_dir(dir).map_err(|e| StoreError::io(dir, e))?;
    }
    private_files::create_private_file(path).map_err(|e| StoreError::io(path, e))?;
    SqliteDb::open(path)
}

/// Opens a `sqlite:` URL: `sqlite:///abs/path.db`, `sqlite://rel.db` or `sqlite:rel.db` (any
/// `?query` is ignored; the file is created if missing).
pub(crate) fn open_url(url: &str) -> Result<SqliteDb, StoreError> {
    let rest = url.strip_prefix("sqlite:").unwrap_or(url);
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    open_file(Path::new(path))
}

fn writer_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL: readers never block the writer. FULL: a durable commit fsyncs the log.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

fn reader_connection(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "query_only", "ON")?;
    Ok(conn)
}

impl SqliteDb {
    fn open(path: &Path) -> Result<SqliteDb, StoreError> {
        let writer = writer_connection(path)?;
        let (write_tx, write_rx) = mpsc::channel();
        let (read_tx, read_rx) = mpsc::channel::<ReadJob>();
        let read_rx = Arc::new(Mutex::new(read_rx));
        let mut threads = vec![spawn("appcreds-sqlite-writer", move || {
            write_loop(SqliteConn { conn: writer }, write_rx)
        })?];
        for _ in 0..READERS {
            let conn = SqliteConn {
                conn: reader_connection(path)?,
            };
            let jobs = read_rx.clone();
            threads.push(spawn("appcreds-sqlite-reader", move || {
                read_loop(conn, jobs)
            })?);
        }
        Ok(SqliteDb {
            channels: Mutex::new(Some(Channels {
                reads: read_tx,
                writes: write_tx,
            })),
            threads: Mutex::new(threads),
        })
    }

    fn send_read(&self, job: ReadJob) -> Result<(), StoreError> {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        let sent = channels.as_ref().map(|c| c.reads.send(job));
        match sent {
            Some(Ok(())) => Ok(()),
            _ => Err(closed()),
        }
    }

    pub(crate) async fn query(
        &self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<Vec<Row>, StoreError> {
        let (tx, rx) = oneshot::channel();
        self.send_read(Box::new(move |conn| {
            let _ = tx.send(conn.query_now(sql, &args).map_err(StoreError::from));
        }))?;
        rx.await.map_err(|_| closed())?
    }

    pub(crate) async fn read<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut dyn Conn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.send_read(Box::new(move |conn| {
            let _ = tx.send(finish(op(conn)));
        }))?;
        rx.await.map_err(|_| closed())?
    }

    pub(crate) async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut dyn Conn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job = WriteJob {
            run: Box::new(move |conn| {
                let result = match conn {
                    Ok(conn) => finish(op(conn)),
                    Err(error) => Err(StoreError::database(format!(
                        "could not start a SQLite transaction: {error}"
                    ))),
                };
                Ran {
                    failed: result.is_err(),
                    answer: Box::new(move |commit_error| {
                        let answer = match (result, commit_error) {
                            (Ok(_), Some(error)) => Err(StoreError::database(format!(
                                "the transaction holding this write failed to commit: {error}"
                            ))),
                            (result, _) => result,
                        };
                        let _ = tx.send(answer);
                    }),
                }
            }),
        };
        {
            let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
            match channels.as_ref().map(|c| c.writes.send(job)) {
                Some(Ok(())) => {}
                _ => return Err(closed()),
            }
        }
        rx.await.map_err(|_| closed())?
    }

    /// Stops the threads once they finished what they were given, and waits for them.
    pub(crate) async fn close(&self) {
        drop(
            self.channels
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        let threads =
            std::mem::take(&mut *self.threads.lock().unwrap_or_else(PoisonError::into_inner));
        let _ = tokio::task::spawn_blocking(move || {
            for thread in threads {
                let _ = thread.join();
            }
        })
        .await;
    }
}

fn closed() -> StoreError {
    StoreError::database("the store is closed".to_owned())
}

fn spawn(name: &str, body: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, StoreError> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(body)
        .map_err(|e| StoreError::database(format!("cannot start a SQLite thread: {e}")))
}

fn read_loop(mut conn: SqliteConn, jobs: Arc<Mutex<Receiver<ReadJob>>>) {
    loop {
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        match job {
            Ok(job) => job(&mut conn),
            Err(_) => return,
        }
    }
}

fn write_loop(mut conn: SqliteConn, jobs: Receiver<WriteJob>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        commit_batch(&mut conn, batch);
    }
}

/// Runs a batch in one transaction, each write in its own savepoint, commits once, then answers.
fn commit_batch(conn: &mut SqliteConn, batch: Vec<WriteJob>) {
    if let Err(error) = conn.plain("BEGIN IMMEDIATE") {
        let error = error.to_string();
        for job in batch {
            ((job.run)(Err(&error)).answer)(None);
        }
        return;
    }
    let mut answers = Vec::with_capacity(batch.len());
    for job in batch {
        let savepoint = conn.plain("SAVEPOINT write");
        let ran = (job.run)(Ok(conn));
        let undone = match (ran.failed, savepoint.is_ok()) {
            (true, true) => conn
                .plain("ROLLBACK TO write")
                .and_then(|()| conn.plain("RELEASE write")),
            (_, true) => conn.plain("RELEASE write"),
            (_, false) => Ok(()),
        };
        if let Err(error) = undone {
            tracing::warn!(%error, "SQLite savepoint failed");
        }
        answers.push(ran.answer);
    }
    let committed = conn.plain("COMMIT");
    let error = committed.err().map(|error| {
        let _ = conn.plain("ROLLBACK");
        tracing::error!(%error, writes = answers.len(), "SQLite commit failed");
        error.to_string()
    });
    for answer in answers {
        answer(error.as_deref());
    }
}
