//! How the dashboard's threads learn that another connection committed:
//! a look at the files, then SQLite's own counter.

use std::path::Path;

use super::engine::Db;
use super::{Result, Store};

impl Store {
    /// Changes whenever another connection commits to the file: the cheap
    /// question the dashboard asks every tick before re-reading anything.
    /// On PostgreSQL, the commits announced by `NOTIFY` that this
    /// connection has heard.
    pub fn data_version(&self) -> Result<i64> {
        match &self.db {
            // Cached: asked several times a second, parsed once.
            Db::Lite(c) => Ok(c
                .prepare_cached("PRAGMA data_version")?
                .query_row([], |r| r.get(0))?),
            Db::Pg(p) => p.changes_heard(),
        }
    }

    /// The store file's and its write-ahead log's size and modification
    /// time: every commit by any connection appends to the log (or, in
    /// another journal mode, writes the file), so an unchanged stamp
    /// means `data_version` need not be asked. `None` when either cannot
    /// be read (no log yet, a file gone): then ask.
    pub fn file_stamp(&self) -> Option<[(u64, std::time::SystemTime); 2]> {
        let stamp = |p: &Path| {
            let m = std::fs::metadata(p).ok()?;
            Some((m.len(), m.modified().ok()?))
        };
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        Some([stamp(&self.path)?, stamp(Path::new(&wal))?])
    }
}

/// Commits to a PostgreSQL desk by any connection, heard on a connection
/// of their own as the server announces them (`LISTEN`): what wakes a
/// dashboard when another engineer writes, with no query between.
pub struct ChangeListener {
    client: postgres::Client,
}

impl ChangeListener {
    /// Waits up to `timeout` for the next announced commit: true when one
    /// came (any others already sent are taken in with it), false when
    /// the time ran out first.
    pub fn wait(&mut self, timeout: std::time::Duration) -> Result<bool> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut notes = self.client.notifications();
        let heard = notes.timeout_iter(timeout).next()?.is_some();
        if heard {
            while notes.iter().next()?.is_some() {}
        }
        Ok(heard)
    }
}

/// Where a [`ChangeListener`] connects: kept apart from connecting, so a
/// thread of its own does that (a blocking client may not connect from
/// inside the dashboard's async runtime).
pub struct ChangeSource {
    target: super::pg::Target,
}

impl ChangeSource {
    /// Connects with the desk's settings and listens; again after a loss.
    pub fn listen(&self) -> Result<ChangeListener> {
        let mut client = self.target.connect()?;
        client.batch_execute(&format!("LISTEN {}", super::engine::CHANGED))?;
        Ok(ChangeListener { client })
    }
}

impl Store {
    /// Where to listen for the desk's commits on a PostgreSQL desk (a
    /// second connection, with the same settings); none on an SQLite
    /// file, whose commits are seen in its files.
    pub fn change_source(&self) -> Result<Option<ChangeSource>> {
        match &self.db {
            Db::Lite(_) => Ok(None),
            Db::Pg(_) => Ok(Some(ChangeSource {
                target: super::pg::Target::parse(&self.path.to_string_lossy())?,
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::super::test_support::{actor, t0};
    use super::*;
    use crate::domain::{CustomerKind, NewCustomer};

    /// Another connection's commit moves the version and wakes a listener;
    /// on PostgreSQL both hear it through `NOTIFY`, on SQLite the version
    /// is the file's own counter.
    #[test]
    fn another_connections_commit_is_heard() {
        let Some(pg) = super::super::pg::cluster::for_test("store_change_heard") else {
            return;
        };
        let url = pg.fresh_database("store_change_heard");
        let ours = Store::open_postgres(&url, false).unwrap();
        let mut theirs = Store::open_postgres(&url, false).unwrap();
        let mut listener = ours
            .change_source()
            .unwrap()
            .expect("a listener on PostgreSQL")
            .listen()
            .unwrap();
        let seen = ours.data_version().unwrap();
        assert!(
            !listener.wait(Duration::from_millis(50)).unwrap(),
            "nothing yet"
        );
        assert_eq!(ours.data_version().unwrap(), seen);
        let new = NewCustomer {
            name: "Acme".into(),
            kind: CustomerKind::Local,
            owner: None,
        };
        theirs.add_customer(&new, actor(t0())).unwrap();
        assert!(
            listener.wait(Duration::from_secs(10)).unwrap(),
            "the commit is heard"
        );
        // The store's own connection takes it in on its next look.
        let until = Instant::now() + Duration::from_secs(10);
        while ours.data_version().unwrap() == seen {
            assert!(Instant::now() < until, "the version never moved");
            std::thread::yield_now();
        }
        let file = Store::open_in_memory().unwrap();
        assert!(file.change_source().unwrap().is_none());
    }
}
