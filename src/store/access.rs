//! The store itself, and which engine its code reaches. Ported code speaks to either
//! through [`Db`] and [`Store::write`]; code not yet ported to PostgreSQL
//! asks for the SQLite connection with [`Store::lite`], which on a
//! PostgreSQL desk refuses with an error naming the part of the store that
//! asked, so a command there fails in words instead of panicking or
//! answering from nothing.

use std::panic::Location;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::engine::{Db, Engine, Tx};
use super::{Result, StoreError, pg, schema};
use crate::domain::desk::DeskRules;

/// What works on a PostgreSQL desk, for the refusal's message.
const PORTED: &str = "the dashboard's board, quota, pipeline, notices, handover, history \
     and trends panes and its alarms, `ticket search`, the shift's handover, trends (`report trends`), \
     customers \
     (`customer show` too), subscriptions and packages, quotas, \
     escalations (`ticket add`, `ticket import`, `ticket list`, triage and notes), contacts, inventories, \
     requirements and their pipeline, deliverables' lists and acceptances, project owners, \
     incidents, changes and their impacts, notices and their outbox (`notice compose`, \
     `list`, `show`, `resend`, `send-pending`, `ticket update`, `ticket show`), \
     the demo (`demo` into an empty database), and the audit trail";

pub struct Store {
    /// The connection: an SQLite file, or a PostgreSQL server. Code not
    /// yet ported to PostgreSQL reaches SQLite through `lite()`.
    pub(super) db: Db,
    /// The file, or the server's URL without a password, for messages.
    pub(super) path: PathBuf,
    /// The desk's calendar and grace period, which quota rules need.
    pub(super) rules: DeskRules,
    /// Opened read-only (`--read-only`, or a file this process may not
    /// write): writes are refused before they start.
    pub(super) read_only: bool,
}

impl Store {
    pub fn set_rules(&mut self, rules: DeskRules) {
        self.rules = rules;
    }

    pub fn rules(&self) -> &DeskRules {
        &self.rules
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<usize> {
        match &self.db {
            Db::Lite(c) => Ok(schema::user_version(c)?),
            Db::Pg(p) => match p.with_client(pg::version)?? {
                pg::Found::Ours { version } => Ok(version),
                found => Err(StoreError::Corrupt(format!("no desk's schema: {found:?}"))),
            },
        }
    }
}

impl Store {
    /// The SQLite connection, for code not yet ported to PostgreSQL.
    #[track_caller]
    pub(super) fn lite(&self) -> Result<&Connection> {
        match &self.db {
            Db::Lite(c) => Ok(c),
            Db::Pg(_) => Err(not_yet(Location::caller())),
        }
    }

    #[track_caller]
    pub(super) fn lite_mut(&mut self) -> Result<&mut Connection> {
        match &mut self.db {
            Db::Lite(c) => Ok(c),
            Db::Pg(_) => Err(not_yet(Location::caller())),
        }
    }

    /// The connection, for code that runs on both engines.
    pub(super) fn db(&self) -> &Db {
        &self.db
    }

    pub fn engine(&self) -> Engine {
        self.db.engine()
    }

    /// A write transaction on either engine: SQLite's `BEGIN IMMEDIATE`,
    /// PostgreSQL's desk-wide write lock (see [`super::engine::WRITE_LOCK`]),
    /// so two writers queue instead of one failing half-way through a
    /// read-modify-write. Refused on a read-only store before it starts.
    pub(super) fn write(&self) -> Result<Tx<'_>> {
        self.refuse_if_read_only()?;
        self.db.write()
    }
}

fn refusal(what: &str) -> StoreError {
    StoreError::NotOnPostgres(format!(
        "{what} is not available on PostgreSQL yet: on PostgreSQL this sredesk has \
         {PORTED}; use the desk's SQLite file for the rest (see the README's PostgreSQL \
         section)"
    ))
}

/// The refusal for the store's file at `at` (`src/store/board_counts.rs`
/// is "board counts").
fn not_yet(at: &Location<'_>) -> StoreError {
    let part = Path::new(at.file())
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("this part of the store")
        .replace('_', " ");
    refusal(&format!("this command's part of the store ({part})"))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::each_engine;
    use super::*;

    #[test]
    fn code_not_yet_on_postgresql_says_which_part_it_is_and_sqlite_is_unchanged() {
        each_engine("access_not_yet", |s| match s.engine() {
            // Asked here, the part named is this file's.
            Engine::Sqlite => {
                s.lite().unwrap();
            }
            Engine::Postgres => {
                let e = s.lite().unwrap_err();
                assert!(matches!(e, StoreError::NotOnPostgres(_)), "{e:?}");
                let text = e.to_string();
                assert!(
                    text.contains("(access) is not available on PostgreSQL yet"),
                    "{text}"
                );
                assert!(text.contains(PORTED), "{text}");
                // The desk's own parts still answer on the same connection.
                assert!(s.customers().unwrap().is_empty());
                assert_eq!(s.schema_version().unwrap(), pg::latest_version());
            }
        });
    }
}
