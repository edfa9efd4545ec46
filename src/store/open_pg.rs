//! Opening a desk on a PostgreSQL server, as `open` opens a file: what
//! is there is read before anything is written.

use std::path::PathBuf;

use super::engine::{Db, PgConn};
use super::open::Opening;
use super::schema::Migrated;
use super::{Result, Store, StoreError, pg};
use crate::domain::desk::DeskRules;

impl Store {
    /// Another connection to the same desk (its file, or its server), with
    /// the same rules and mode: for a thread of its own, such as the
    /// dashboard's outbox sender.
    pub fn open_another(&self) -> Result<Store> {
        let mut s = match &self.db {
            Db::Lite(_) => Store::open(&self.path)?,
            Db::Pg(_) => Store::open_postgres_with(
                &self.path.to_string_lossy(),
                Opening {
                    create: false,
                    read_only: self.read_only,
                    ..Opening::default()
                },
            )?,
        };
        s.set_rules(self.rules.clone());
        Ok(s)
    }

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
}
