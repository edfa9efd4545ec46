//! How the dashboard's threads learn that another connection committed:
//! a look at the files, then SQLite's own counter.

use std::path::Path;

use super::{Result, Store};

impl Store {
    /// Changes whenever another connection commits to the file: the cheap
    /// question the dashboard asks every tick before re-reading anything.
    pub fn data_version(&self) -> Result<i64> {
        // Cached: asked several times a second, parsed once.
        Ok(self
            .lite()?
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
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
