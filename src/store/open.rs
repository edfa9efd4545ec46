//! Opening a store file: what is there is read before anything is written.
//!
//! A store that is current is opened without a single write, so a reader
//! never waits on a writer, a read-only file (a backup, a read-only mount)
//! can be read, and the other connections' `data_version` does not move
//! (every open dashboard would reload). The write lock is taken only to
//! create or migrate. A file that is not ours is refused untouched: no
//! WAL switch, no tables added.

use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::schema::{self, Found};
use super::{Result, Store, StoreError};
use crate::domain::desk::DeskRules;

/// How long a statement waits for another process's lock before it says so.
pub const BUSY_WAIT: Duration = Duration::from_secs(5);

/// Every commit is synced to the disk before it is acknowledged. In WAL
/// mode NORMAL syncs only at checkpoints, so the last acknowledged writes
/// can roll back on power loss; the audit trail of SLA responses is what
/// the desk is judged by (the cost per write is in the README).
pub(super) const DURABILITY: &str = "FULL";

/// How a store file is to be opened.
#[derive(Clone, Copy, Debug, Default)]
pub struct Opening {
    /// Make the file (and its directories) when there is none.
    pub create: bool,
    /// Read-only at the SQLite level (`--read-only`): every write refused.
    pub read_only: bool,
    /// New files and directories readable and writable by the group too
    /// (0660 / 0770) rather than by the owner only (0600 / 0700): the
    /// store holds customers' emails, phones and robot keys.
    pub share_with_group: bool,
}

impl Opening {
    fn file_mode(&self) -> u32 {
        if self.share_with_group { 0o660 } else { 0o600 }
    }

    fn dir_mode(&self) -> u32 {
        if self.share_with_group { 0o770 } else { 0o700 }
    }
}

impl Store {
    /// Opens (creating if needed) a store file and brings it up to date.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(
            path,
            Opening {
                create: true,
                ..Opening::default()
            },
        )
    }

    /// Opens a store file that must exist already, for a command that
    /// must not leave a new empty store behind when the path is wrong.
    pub fn open_existing(path: &Path) -> Result<Store> {
        Self::open_with(path, Opening::default())
    }

    pub fn open_with(path: &Path, how: Opening) -> Result<Store> {
        let exists = path.exists();
        if !exists && (!how.create || how.read_only) {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        if !exists {
            make_file(path, &how)?;
        }
        // A file this process may not write (another user's, a read-only
        // mount) is read read-only: SQLite would otherwise try a write
        // lock on it and fail, or wait.
        let read_only = how.read_only || !writable(path);
        let conn = connect(path, read_only, false).map_err(|source| open_error(path, source))?;
        match Self::setup(conn, path.to_path_buf(), read_only) {
            // A WAL file on a read-only mount with no `-shm` beside it
            // cannot be read the ordinary way; nobody can write it there,
            // so reading it as immutable is safe.
            Err(StoreError::Open { source, .. }) if read_only && cannot_share(&source) => {
                tracing::info!("{} read as immutable: {source}", path.display());
                let conn = connect(path, true, true).map_err(|source| open_error(path, source))?;
                Self::setup(conn, path.to_path_buf(), true)
            }
            other => other,
        }
    }

    /// A private store that lives as long as the value: for tests.
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(
            Connection::open_in_memory()?,
            PathBuf::from(":memory:"),
            false,
        )
    }

    fn setup(mut conn: Connection, path: PathBuf, read_only: bool) -> Result<Store> {
        conn.busy_timeout(BUSY_WAIT)?;
        super::functions::register_functions(&conn)?;
        let found = schema::inspect(&conn).map_err(|source| match source.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path: path.clone() },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                StoreError::Locked { path: path.clone() }
            }
            _ => StoreError::Open {
                path: path.clone(),
                source,
            },
        })?;
        let known = schema::latest_version();
        match found {
            Found::Foreign(why) => return Err(StoreError::Foreign { path, why }),
            Found::Ours { version } if version > known => {
                return Err(StoreError::TooNew {
                    path,
                    found: version,
                    known,
                });
            }
            // Ours and current: nothing to write, unless a copy lost WAL.
            Found::Ours { version } if version == known => {
                if !read_only {
                    enable_wal(&conn)?;
                }
            }
            Found::Ours { .. } | Found::Empty if read_only => {
                return Err(StoreError::ReadOnlyUpgrade { path });
            }
            Found::Ours { .. } | Found::Empty => {
                // WAL lets the dashboard read while a script writes; the
                // mode is kept in the file, so this runs once per file.
                enable_wal(&conn).map_err(|e| migration_error(&path, e))?;
                match schema::migrate_to(&mut conn, known) {
                    Ok(schema::Migrated::UpTo { .. }) => {}
                    Ok(schema::Migrated::TooNew { found }) => {
                        return Err(StoreError::TooNew { path, found, known });
                    }
                    Err(e) => return Err(migration_error(&path, e.into())),
                }
            }
        }
        conn.pragma_update(None, "synchronous", DURABILITY)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store {
            db: super::engine::Db::Lite(conn),
            path,
            rules: DeskRules::default(),
            read_only,
        })
    }

    /// Opened read-only: every write is refused before it starts.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Refused on a read-only store, as every write is: for a command that
    /// may find nothing to write (`notice send-pending` with nothing due)
    /// and must still not pass for one that could.
    pub fn refuse_if_read_only(&self) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }
}

fn connect(path: &Path, read_only: bool, immutable: bool) -> rusqlite::Result<Connection> {
    let access = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    };
    let flags = access | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !immutable {
        return Connection::open_with_flags(path, flags);
    }
    let mut uri = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'%' | b'?' | b'#' => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(char::from(*b)),
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

/// Whether this process may write the file: the permission bits, the
/// owner and a read-only mount all answer through one open for writing,
/// which changes nothing.
fn writable(path: &Path) -> bool {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => true,
        Err(e) => {
            tracing::debug!("{} is not writable: {e}", path.display());
            !matches!(
                e.kind(),
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
            )
        }
    }
}

/// A new store file, and the directories it needs, closed to others from
/// the first byte (SQLite gives its `-wal` and `-shm` the file's mode).
fn make_file(path: &Path, how: &Opening) -> Result<()> {
    let fail = |e: std::io::Error| StoreError::Create {
        path: path.to_path_buf(),
        source: e,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Only the directories made here get the mode: one that exists is
        // the user's, and is left as it is.
        let made: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(how.dir_mode())
            .create(dir)
            .map_err(fail)?;
        for d in made {
            // The umask may have taken bits the desk asked for (a group's).
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(how.dir_mode()))
                .map_err(fail)?;
        }
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(how.file_mode())
        .open(path)
    {
        Ok(f) => f
            .set_permissions(std::fs::Permissions::from_mode(how.file_mode()))
            .map_err(fail),
        // Another process made it a moment ago: open theirs.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(fail(e)),
    }
}

fn open_error(path: &Path, source: rusqlite::Error) -> StoreError {
    match source.sqlite_error_code() {
        Some(ErrorCode::CannotOpen) if !path.exists() => StoreError::Missing {
            path: path.to_path_buf(),
        },
        _ => StoreError::Open {
            path: path.to_path_buf(),
            source,
        },
    }
}

fn cannot_share(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
    )
}

fn migration_error(path: &Path, e: StoreError) -> StoreError {
    let path = path.to_path_buf();
    match e.file_fault() {
        Some(super::FileFault::Locked) => StoreError::Locked { path },
        Some(super::FileFault::DiskFull) => StoreError::DiskFull { path },
        _ => StoreError::Migration {
            path,
            reason: e.to_string(),
        },
    }
}

/// Switching to WAL needs a moment alone with the file, and SQLite does not
/// wait for it on the busy handler: when two processes open a new file at
/// once, the loser retries briefly. The mode is kept in the file, so an
/// existing store skips this.
fn enable_wal(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if mode.eq_ignore_ascii_case("wal") || mode.eq_ignore_ascii_case("memory") {
        return Ok(());
    }
    let mut attempts = 0;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::DatabaseBusy && attempts < 250 =>
            {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_immutable_uri_escapes_what_a_uri_reads_as_syntax() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a%b?c#d.db");
        Store::open(&path).unwrap();
        let conn = connect(&path, true, true).unwrap();
        assert_eq!(
            schema::inspect(&conn).unwrap(),
            Found::Ours {
                version: schema::latest_version()
            }
        );
    }

    #[test]
    fn every_commit_is_synced_also_after_a_bulk_load() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("s.db")).unwrap();
        let level = |s: &Store| -> i64 {
            s.lite()
                .unwrap()
                .query_row("PRAGMA synchronous", [], |r| r.get(0))
                .unwrap()
        };
        // 2 is FULL.
        assert_eq!(level(&s), 2);
        s.bulk_load_mode().unwrap();
        assert_eq!(level(&s), 0);
        s.end_bulk_load().unwrap();
        assert_eq!(level(&s), 2);
    }

    #[test]
    fn a_full_disk_is_said_in_words_and_names_the_store() {
        use crate::domain::{CustomerKind, NewCustomer};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut s = Store::open(&path).unwrap();
        let pages: i64 = s
            .lite()
            .unwrap()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        // A file that may not grow is a disk that is full, to SQLite.
        let _: i64 = s
            .lite()
            .unwrap()
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get(0)
            })
            .unwrap();
        let actor = super::super::Actor {
            engineer: "alice",
            now: chrono::DateTime::UNIX_EPOCH,
        };
        let err = (0..10_000)
            .find_map(|i| {
                let name = format!("customer {i} {}", "x".repeat(150));
                let new = NewCustomer {
                    name,
                    kind: CustomerKind::Local,
                    owner: None,
                };
                s.add_customer(&new, actor).err()
            })
            .expect("the file filled up");
        assert_eq!(err.to_string(), "disk full while writing the store");
        let named = err.naming(&path).unwrap().to_string();
        assert_eq!(named, format!("disk full while writing {}", path.display()));
    }
}
