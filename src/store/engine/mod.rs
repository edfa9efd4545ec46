//! One way to speak to either engine. The store's queries are written
//! once, with SQLite's numbered placeholders (`?1`), and run on an SQLite
//! file or a PostgreSQL server; what the two dialects do not share is
//! asked of [`Engine`] where it differs, and everything else is the same
//! text. SQLite's path keeps rusqlite's cached statements and borrowed
//! rows, so it costs what it did.

mod dialect;
mod param;
mod pg_cell;
mod placeholders;
mod row;
mod sql;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::types::Type;

pub use dialect::{Dialect, SEARCH_KEY_SHIFT};
pub use param::{Kind, Param, Typed, Value, params_of};
pub use pg_cell::PgCell;
pub use placeholders::to_dollars;
pub use row::{Cell, Raw, Row};
pub use sql::{Sql, insert_rows};

use super::{Result, StoreError};

/// Which engine a store is on, for the few places the dialects differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The advisory lock every PostgreSQL write transaction takes first: "SRDK"
/// as SQLite's application id. Writers then queue one at a time, as they do
/// on SQLite's `BEGIN IMMEDIATE`, so every read-modify-write the store
/// does (a customer's last quota unit, claiming a delivery, "the state you
/// saw") holds with many writers without a retry loop around each.
pub const WRITE_LOCK: i64 = 0x5352_444B;

/// The channel every committed write is announced on.
pub const CHANGED: &str = "sredesk_changed";

pub enum Db {
    Lite(rusqlite::Connection),
    Pg(Box<PgConn>),
}

/// Makes the connection again, as it was first made (its password, TLS
/// and session settings), after the server closed it.
pub type Reconnect = Box<dyn Fn() -> Result<postgres::Client> + Send + Sync>;

pub struct PgConn {
    client: RefCell<postgres::Client>,
    /// How many commits announced on [`CHANGED`] this connection has heard
    /// of, once it listens: PostgreSQL's counterpart of SQLite's
    /// `data_version`.
    heard: std::cell::Cell<i64>,
    /// Whether this connection has said `LISTEN` yet.
    listening: std::cell::Cell<bool>,
    /// Prepared statements by their text and parameter types.
    statements: RefCell<HashMap<(String, Vec<Type>), postgres::Statement>>,
    reconnect: Option<Reconnect>,
    /// Set when a call met the connection's loss, which the client does
    /// not always know of yet (a reset socket): the next call reconnects.
    lost: std::cell::Cell<bool>,
    /// How many times the connection was made again.
    reconnects: std::cell::Cell<u64>,
}

impl PgConn {
    pub fn new(client: postgres::Client) -> PgConn {
        PgConn {
            client: RefCell::new(client),
            heard: std::cell::Cell::new(0),
            listening: std::cell::Cell::new(false),
            statements: RefCell::new(HashMap::new()),
            reconnect: None,
            lost: std::cell::Cell::new(false),
            reconnects: std::cell::Cell::new(0),
        }
    }

    /// A connection that is made again by `reconnect` when the server has
    /// closed it (restarted, the backend terminated, the network gone):
    /// the call that met the loss fails and says so, the next one
    /// connects afresh. Nothing is retried inside a call, so a write the
    /// server rolled back is never sent twice behind the caller's back.
    pub fn with_reconnect(client: postgres::Client, reconnect: Reconnect) -> PgConn {
        PgConn {
            reconnect: Some(reconnect),
            ..PgConn::new(client)
        }
    }

    /// `r`, noting a lost connection for the next call to make again.
    fn noted<T>(
        &self,
        r: std::result::Result<T, postgres::Error>,
    ) -> std::result::Result<T, postgres::Error> {
        if let Err(e) = &r
            && crate::store::fault::pg_lost(e)
        {
            self.lost.set(true);
        }
        r
    }

    /// How many times the connection was made again since it opened.
    pub fn reconnects(&self) -> u64 {
        self.reconnects.get()
    }

    fn client(&self) -> Result<std::cell::RefMut<'_, postgres::Client>> {
        // A query started inside another's row callback: rusqlite allows
        // it, one PostgreSQL connection cannot run two at once.
        let mut client = self.client.try_borrow_mut().map_err(|_| {
            StoreError::Invalid("a query inside another's row on PostgreSQL".into())
        })?;
        if (client.is_closed() || self.lost.get())
            && let Some(reconnect) = &self.reconnect
        {
            // The old client is dropped off the runtime too: closing it
            // blocks on the client's own runtime.
            let old: &mut postgres::Client = &mut client;
            off_runtime(move || reconnect().map(|new| drop(std::mem::replace(old, new))))?;
            self.statements.borrow_mut().clear();
            // The new connection listens afresh, and what was announced
            // while none listened is unknown: the count moves, so the
            // next look reads everything again.
            self.lost.set(false);
            self.heard.set(self.heard.get() + 1);
            self.listening.set(false);
            self.reconnects.set(self.reconnects.get() + 1);
            tracing::warn!("the connection to PostgreSQL was made again");
        }
        Ok(client)
    }

    fn statement(
        &self,
        client: &mut postgres::Client,
        sql: &str,
        values: &[Value<'_>],
    ) -> Result<postgres::Statement> {
        let types: Vec<Type> = values.iter().map(Value::pg_type).collect();
        let key = (sql.to_string(), types);
        if let Some(s) = self.statements.borrow().get(&key) {
            return Ok(s.clone());
        }
        let text = to_dollars(sql);
        let s = self.noted(off_runtime(|| client.prepare_typed(&text, &key.1)))?;
        self.statements.borrow_mut().insert(key, s.clone());
        Ok(s)
    }

    /// Prepares `sql` (once per connection) and hands it to `f` with the
    /// parameters as the client takes them.
    fn with_statement<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(
            &mut postgres::Client,
            &postgres::Statement,
            &[&(dyn postgres::types::ToSql + Sync)],
        ) -> std::result::Result<T, postgres::Error>,
    ) -> Result<T> {
        let values: Vec<Value<'_>> = params.iter().map(|p| p.value()).collect();
        let mut client = self.client()?;
        let stmt = self.statement(&mut client, sql, &values)?;
        let args: Vec<&(dyn postgres::types::ToSql + Sync)> = values
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync))
            .collect();
        Ok(self.noted(f(&mut client, &stmt, &args))?)
    }

    fn run(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<postgres::Row>> {
        self.with_statement(sql, params, |c, stmt, args| {
            off_runtime(|| c.query(stmt, args))
        })
    }

    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<u64> {
        self.with_statement(sql, params, |c, stmt, args| {
            off_runtime(|| c.execute(stmt, args))
        })
    }

    /// Hands each row to `f` as the server sends it, so a listing of a
    /// million rows holds one at a time; stops at `f`'s first error.
    fn each(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<()> {
        use postgres::fallible_iterator::FallibleIterator;
        // Inside a runtime the rows are read off it first (see
        // `off_runtime`): `f` may hold what cannot cross threads.
        if tokio::runtime::Handle::try_current().is_ok() {
            return self.run(sql, params)?.iter().try_for_each(f);
        }
        let mut failed = None;
        self.with_statement(sql, params, |c, stmt, args| {
            let mut rows = c.query_raw(stmt, args.iter().copied())?;
            while let Some(r) = rows.next()? {
                if let Err(e) = f(&r) {
                    failed = Some(e);
                    break;
                }
            }
            Ok(())
        })?;
        failed.map_or(Ok(()), Err)
    }

    fn batch(&self, sql: &str) -> Result<()> {
        let mut client = self.client()?;
        let client: &mut postgres::Client = &mut client;
        Ok(self.noted(off_runtime(|| client.batch_execute(sql)))?)
    }

    /// A number that moves when a commit is announced on [`CHANGED`]: the
    /// first call listens, each call takes in what the server has sent
    /// meanwhile without waiting for more. Its own commits count too, so
    /// it also moves after this connection writes.
    pub fn changes_heard(&self) -> Result<i64> {
        let mut client = self.client()?;
        let listening = self.listening.get();
        let client = &mut *client;
        let heard = off_runtime(move || -> std::result::Result<i64, postgres::Error> {
            if !listening {
                client.batch_execute(&format!("LISTEN {CHANGED}"))?;
            }
            // An empty query: its round trip takes in whatever the server
            // sent before it, notifications included, which a look at the
            // socket alone does not.
            client.batch_execute("")?;
            let mut notes = client.notifications();
            let mut heard = notes.iter();
            let mut n = 0;
            while postgres::fallible_iterator::FallibleIterator::next(&mut heard)?.is_some() {
                n += 1;
            }
            Ok(n)
        });
        let heard = self.noted(heard)?;
        self.listening.set(true);
        let n = self.heard.get() + heard;
        self.heard.set(n);
        Ok(n)
    }

    /// The connection itself, for what only PostgreSQL has (LISTEN, COPY).
    pub fn with_client<T>(&self, f: impl FnOnce(&mut postgres::Client) -> T) -> Result<T> {
        Ok(f(&mut *self.client()?))
    }
}

/// Runs one blocking call of the synchronous client. It blocks on a
/// runtime of its own, which cannot start inside another: the dispatcher
/// (`notice send-pending`, the dashboard's sender) calls the store from
/// its async tasks, so there the call runs on a thread of its own, which
/// the caller waits for as it would for the server anyway.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| s.spawn(f).join()).unwrap_or_else(|why| std::panic::resume_unwind(why))
}

impl Db {
    pub fn engine(&self) -> Engine {
        match self {
            Db::Lite(_) => Engine::Sqlite,
            Db::Pg(_) => Engine::Postgres,
        }
    }

    /// Runs several statements without parameters (DDL).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Lite(c) => Ok(c.execute_batch(sql)?),
            Db::Pg(p) => p.batch(sql),
        }
    }

    /// A transaction that writes: on SQLite it takes the write lock up
    /// front; on PostgreSQL it takes [`WRITE_LOCK`], and its commit
    /// announces the change on [`CHANGED`].
    pub fn write(&self) -> Result<Tx<'_>> {
        self.batch(match self {
            Db::Lite(_) => "BEGIN IMMEDIATE",
            Db::Pg(_) => "BEGIN",
        })?;
        let tx = Tx {
            db: self,
            open: true,
            writes: true,
        };
        if self.engine() == Engine::Postgres {
            tx.execute(
                "SELECT pg_advisory_xact_lock(?1)",
                crate::sql_args![WRITE_LOCK],
            )?;
        }
        Ok(tx)
    }

    /// A transaction that only reads, from one snapshot.
    pub fn read(&self) -> Result<Tx<'_>> {
        self.batch(match self {
            Db::Lite(_) => "BEGIN",
            Db::Pg(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        })?;
        Ok(Tx {
            db: self,
            open: true,
            writes: false,
        })
    }
}

/// An open transaction; rolled back unless committed.
pub struct Tx<'a> {
    db: &'a Db,
    open: bool,
    writes: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        if self.writes && self.db.engine() == Engine::Postgres {
            // Announced only when something was written: a transaction
            // that changed no row (an alarm check with nothing to ring)
            // has no transaction id, and its commit moves nothing, as a
            // file's `data_version` does not move. Announcing it anyway,
            // a board that writes as it reads heard itself and read again
            // without end.
            self.db.batch(&format!(
                "SELECT pg_notify('{CHANGED}', '') WHERE txid_current_if_assigned() IS NOT NULL"
            ))?;
        }
        self.db.batch("COMMIT")
    }

    /// Ends the transaction keeping nothing, saying so if that failed
    /// (dropping it only logs the failure).
    pub fn rollback(mut self) -> Result<()> {
        self.open = false;
        self.db.batch("ROLLBACK")
    }

    /// A savepoint inside this transaction, so part of it can be undone
    /// alone: SQL's `SAVEPOINT`, which both engines have (it is what
    /// rusqlite's `Savepoint` and the PostgreSQL client's nested
    /// transaction send). Rolled back to unless released.
    pub fn savepoint(&self) -> Result<Savepoint<'_>> {
        self.db.batch(&format!("SAVEPOINT {SAVEPOINT}"))?;
        Ok(Savepoint {
            db: self.db,
            open: true,
        })
    }
}

/// The savepoints' one name: only the newest of that name is ever
/// released or rolled back to, and a savepoint borrows its transaction,
/// so they cannot be ended out of order.
const SAVEPOINT: &str = "sredesk_part";

/// Part of a [`Tx`]: released, its writes stay in the transaction;
/// rolled back (or dropped), they are undone and the transaction goes on
/// as it was before the savepoint, on PostgreSQL too after a statement
/// of it failed.
pub struct Savepoint<'t> {
    db: &'t Db,
    open: bool,
}

impl Savepoint<'_> {
    pub fn release(mut self) -> Result<()> {
        self.open = false;
        self.db.batch(&format!("RELEASE SAVEPOINT {SAVEPOINT}"))
    }

    pub fn rollback(mut self) -> Result<()> {
        self.open = false;
        self.undo()
    }

    /// Rolling back to a savepoint keeps it on both engines: it is then
    /// released, so the transaction holds no savepoint it will not end.
    fn undo(&self) -> Result<()> {
        self.db.batch(&format!(
            "ROLLBACK TO SAVEPOINT {SAVEPOINT}; RELEASE SAVEPOINT {SAVEPOINT}"
        ))
    }
}

impl std::ops::Deref for Savepoint<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if self.open
            && let Err(e) = self.undo()
        {
            tracing::warn!("rolling back to a savepoint: {e}");
        }
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open
            && let Err(e) = self.db.batch("ROLLBACK")
        {
            tracing::warn!("rolling back: {e}");
        }
    }
}
