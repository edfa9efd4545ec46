//! Which engine the store's code reaches. Ported code speaks to either
//! through [`Db`] and [`Store::write`]; code not yet ported to PostgreSQL
//! asks for the SQLite connection with [`Store::lite`], which on a
//! PostgreSQL desk refuses with an error naming the part of the store that
//! asked, so a command there fails in words instead of panicking or
//! answering from nothing.

use std::panic::Location;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::engine::{Db, Engine, PgConn, Tx};
use super::open::Opening;
use super::schema::Migrated;
use super::{Result, Store, StoreError, pg};
use crate::domain::desk::DeskRules;

/// What works on a PostgreSQL desk, for the refusal's message.
pub(super) const PORTED: &str = "customers, subscriptions and packages, contacts, \
     inventories, and the audit trail";

impl Store {
    /// Opens the desk on the PostgreSQL server at `url`, making its schema
    /// or bringing it up to date as `Store::open` does a file.
    pub fn open_postgres(url: &str, read_only: bool) -> Result<Store> {
        Self::open_postgres_with(
            url,
            Opening {
                create: true,
                read_only,
                ..Opening::default()
            },
        )
    }

    /// As `open_with` for a file: without `create` a database that holds
    /// no desk yet is refused untouched, so a mistyped URL is said rather
    /// than shown as an empty desk; read-only, nothing is written, and a
    /// desk from an older sredesk is refused as it needs an upgrade.
    pub fn open_postgres_with(url: &str, how: Opening) -> Result<Store> {
        let target = pg::Target::parse(url)?;
        let mut client = target.connect()?;
        let path = PathBuf::from(target.shown());
        let latest = pg::latest_version();
        let found = pg::version(&mut client)?;
        match found {
            pg::Found::Foreign { why } => return Err(StoreError::Foreign { path, why }),
            pg::Found::Ours { version } if version > latest => {
                return Err(StoreError::TooNew {
                    path,
                    found: version,
                    known: latest,
                });
            }
            pg::Found::Empty if !how.create || how.read_only => {
                return Err(StoreError::Missing { path });
            }
            pg::Found::Ours { version } if version < latest && how.read_only => {
                return Err(StoreError::ReadOnlyUpgrade { path });
            }
            pg::Found::Ours { version } if version == latest => {}
            pg::Found::Ours { .. } | pg::Found::Empty => {
                if let Migrated::TooNew { found } = pg::migrate(&mut client, target.shown())? {
                    return Err(StoreError::TooNew {
                        path,
                        found,
                        known: latest,
                    });
                }
            }
        }
        if how.read_only {
            // The server refuses a write too, whatever the role may do.
            client.batch_execute("SET default_transaction_read_only = on")?;
        }
        Ok(Store {
            db: Db::Pg(Box::new(PgConn::new(client))),
            path,
            rules: DeskRules::default(),
            read_only: how.read_only,
        })
    }

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

/// The refusal for the store's file at `at` (`src/store/board_counts.rs`
/// is "board counts").
fn not_yet(at: &Location<'_>) -> StoreError {
    let part = Path::new(at.file())
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("this part of the store")
        .replace('_', " ");
    StoreError::NotOnPostgres(format!(
        "this command's part of the store ({part}) is not available on PostgreSQL yet: \
         on PostgreSQL this sredesk has {PORTED}; use the desk's SQLite file for the rest \
         (see the README's PostgreSQL section)"
    ))
}
