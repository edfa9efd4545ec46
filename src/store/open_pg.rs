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
        let read_only = how.read_only;
        let session = move |client: &mut postgres::Client| -> Result<()> {
            if read_only {
                // The server refuses a write too, whatever the role may do.
                client.batch_execute("SET default_transaction_read_only = on")?;
            }
            Ok(())
        };
        session(&mut client)?;
        // Made again as it was first made; the desk's schema was checked
        // then, and a server that lost it fails the next query in words.
        let reconnect = Box::new(move || {
            let mut client = target.connect()?;
            session(&mut client)?;
            Ok(client)
        });
        Ok(Store {
            db: Db::Pg(Box::new(PgConn::with_reconnect(client, reconnect))),
            path,
            rules: DeskRules::default(),
            read_only: how.read_only,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::engine::Sql;
    use super::*;
    use crate::sql_args;

    fn backend(s: &Store) -> i64 {
        s.db()
            .query_row(
                "SELECT CAST(pg_backend_pid() AS bigint)",
                sql_args![],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// Ends `s`'s server backend from another connection, as an
    /// administrator or a restart would.
    fn terminate(url: &str, pid: i64) {
        let mut admin = pg::Target::parse(url).unwrap().connect().unwrap();
        admin
            .execute(
                "SELECT pg_terminate_backend(CAST($1::bigint AS integer))",
                &[&pid],
            )
            .unwrap();
    }

    #[test]
    fn a_lost_connection_fails_one_call_in_words_and_the_next_connects_again() {
        let Some(pg) = pg::cluster::for_test("store_reconnect") else {
            return;
        };
        let url = pg.fresh_database("store_reconnect");
        let s = Store::open_postgres(&url, false).unwrap();
        let before = s.data_version().unwrap();
        let first = backend(&s);
        terminate(&url, first);
        let e = s.customers().unwrap_err();
        assert!(
            e.to_string().contains("connection to PostgreSQL was lost"),
            "{e}"
        );
        assert!(s.customers().unwrap().is_empty(), "the next call answers");
        assert_ne!(backend(&s), first, "a new backend");
        let Db::Pg(conn) = &s.db else { unreachable!() };
        assert_eq!(conn.reconnects(), 1);
        // What was announced while nobody listened is not known: the
        // version moves, so a dashboard reads everything again.
        assert_ne!(s.data_version().unwrap(), before);
        // Inside an async runtime too, as the dashboard's outbox sender
        // calls the store: the old client is let go off the runtime.
        terminate(&url, backend(&s));
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            assert!(s.customers().is_err());
            assert!(s.customers().unwrap().is_empty());
        });
        assert_eq!(conn.reconnects(), 2);
    }

    #[test]
    fn a_read_only_desk_is_read_only_again_on_its_new_connection() {
        let Some(pg) = pg::cluster::for_test("store_reconnect_ro") else {
            return;
        };
        let url = pg.fresh_database("store_reconnect_ro");
        Store::open_postgres(&url, false).unwrap();
        let s = Store::open_postgres_with(
            &url,
            Opening {
                read_only: true,
                ..Opening::default()
            },
        )
        .unwrap();
        terminate(&url, backend(&s));
        assert!(s.customers().is_err());
        let write = "INSERT INTO customers (name, kind, created_at) VALUES ('Zed', 'local', 0)";
        let e = s.db().execute(write, sql_args![]).unwrap_err();
        assert_eq!(
            e.file_fault(),
            Some(crate::store::FileFault::ReadOnly),
            "{e}"
        );
        assert!(s.customers().unwrap().is_empty());
    }
}
