//! What a ported query runs on, as one trait: the store's connection on
//! either engine ([`Db`]), its transaction ([`Tx`]), and the SQLite
//! connection and transaction that code not yet ported still holds. A
//! helper written against [`Sql`] (the audit trail, a customer's id) is
//! called from ported code and from unported code alike, so each query
//! is written once.

use rusqlite::{Connection, Transaction};

use super::{Db, Engine, Param, Row, Savepoint, Tx, Value};
use crate::store::{Result, StoreError};

pub trait Sql {
    fn engine(&self) -> Engine;

    /// Every row, each read by `f`.
    fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>>;

    /// The first row, if there is one.
    fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>>;

    /// Runs one statement; the number of rows it changed.
    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize>;

    /// Hands every row to `f` as it is read, none kept: for listings that
    /// must stay flat in memory however many rows match. `f` may not
    /// query (one PostgreSQL connection runs one query at a time).
    fn each(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()>;

    /// The one row a query always answers with (a count, an aggregate).
    fn query_row<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, f)?
            .ok_or_else(|| StoreError::Corrupt(format!("no row where one was sure: {sql}")))
    }

    /// Runs an `INSERT … RETURNING id` (both engines have it): the new
    /// row's id, where SQLite alone has `last_insert_rowid`.
    fn insert(&self, sql: &str, params: &[&dyn Param]) -> Result<i64> {
        self.query_row(sql, params, |r| r.get(0))
    }
}

impl Sql for Connection {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.prepare_cached(sql)?;
        let values: Vec<Value<'_>> = params.iter().map(|p| p.value()).collect();
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(f(&Row::Lite(r))?);
        }
        Ok(out)
    }

    fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut stmt = self.prepare_cached(sql)?;
        let values: Vec<Value<'_>> = params.iter().map(|p| p.value()).collect();
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        rows.next()?.map(|r| f(&Row::Lite(r))).transpose()
    }

    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        let values: Vec<Value<'_>> = params.iter().map(|p| p.value()).collect();
        Ok(self
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(values.iter()))?)
    }

    fn each(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.prepare_cached(sql)?;
        let values: Vec<Value<'_>> = params.iter().map(|p| p.value()).collect();
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        while let Some(r) = rows.next()? {
            f(&Row::Lite(r))?;
        }
        Ok(())
    }
}

/// The rest go through what they stand on: a transaction's connection,
/// the store's [`Db`].
macro_rules! through {
    ($t:ty, $inner:ident => $e:expr) => {
        impl Sql for $t {
            fn engine(&self) -> Engine {
                let $inner = self;
                Sql::engine($e)
            }
            fn query_map<T>(
                &self,
                sql: &str,
                params: &[&dyn Param],
                f: impl FnMut(&Row<'_>) -> Result<T>,
            ) -> Result<Vec<T>> {
                let $inner = self;
                Sql::query_map($e, sql, params, f)
            }
            fn query_opt<T>(
                &self,
                sql: &str,
                params: &[&dyn Param],
                f: impl FnOnce(&Row<'_>) -> Result<T>,
            ) -> Result<Option<T>> {
                let $inner = self;
                Sql::query_opt($e, sql, params, f)
            }
            fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
                let $inner = self;
                Sql::execute($e, sql, params)
            }
            fn each(
                &self,
                sql: &str,
                params: &[&dyn Param],
                f: impl FnMut(&Row<'_>) -> Result<()>,
            ) -> Result<()> {
                let $inner = self;
                Sql::each($e, sql, params, f)
            }
        }
    };
}

through!(Transaction<'_>, t => &**t);
through!(Tx<'_>, t => &**t);
through!(Savepoint<'_>, t => &**t);

impl Sql for Db {
    fn engine(&self) -> Engine {
        Db::engine(self)
    }

    fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        match self {
            Db::Lite(c) => Sql::query_map(c, sql, params, f),
            Db::Pg(p) => p.run(sql, params)?.iter().map(|r| f(&Row::Pg(r))).collect(),
        }
    }

    fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match self {
            Db::Lite(c) => Sql::query_opt(c, sql, params, f),
            Db::Pg(p) => p
                .run(sql, params)?
                .first()
                .map(|r| f(&Row::Pg(r)))
                .transpose(),
        }
    }

    fn each(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        match self {
            Db::Lite(c) => Sql::each(c, sql, params, f),
            Db::Pg(p) => p.each(sql, params, |r| f(&Row::Pg(r))),
        }
    }

    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        match self {
            Db::Lite(c) => Sql::execute(c, sql, params),
            Db::Pg(p) => usize::try_from(p.execute(sql, params)?)
                .map_err(|e| StoreError::Corrupt(format!("a row count: {e}"))),
        }
    }
}

/// Inserts rows of `width` values each, given one after another in
/// `values`, into the columns `head` names (`INSERT INTO t (a, b)`), as
/// many rows to a statement as the engine takes in bulk
/// ([`super::Dialect::rows_per_insert`]).
pub fn insert_rows(db: &impl Sql, head: &str, width: usize, values: &[Value<'_>]) -> Result<()> {
    use super::Dialect;
    let per = db.engine().rows_per_insert();
    let mut sql = String::new();
    let mut built_for = 0;
    for chunk in values.chunks(width * per) {
        let rows = chunk.len() / width;
        if rows * width != chunk.len() {
            return Err(StoreError::Invalid(format!(
                "{head}: {} values are not rows of {width}",
                values.len()
            )));
        }
        // The text is made again only for a shorter last statement.
        if rows != built_for {
            sql = values_list(head, width, rows);
            built_for = rows;
        }
        db.execute(&sql, &super::params_of(chunk))?;
    }
    Ok(())
}

/// `head VALUES (?1, ?2), (?3, ?4)` for `rows` rows of `width`.
fn values_list(head: &str, width: usize, rows: usize) -> String {
    let mut sql = format!("{head} VALUES ");
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            sql.push_str(if c == 0 { "?" } else { ", ?" });
            sql.push_str(&(r * width + c + 1).to_string());
        }
        sql.push(')');
    }
    sql
}
