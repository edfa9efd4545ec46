//! Failures of the store's engine rather than of the request, said in
//! words an engineer acts on, not SQLite's or PostgreSQL's.

use postgres::error::SqlState;

/// A failure of the file rather than of the request: said in words an
/// engineer acts on, not SQLite's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFault {
    /// Another process held the lock longer than [`BUSY_WAIT`].
    Locked,
    DiskFull,
    /// A write on a connection opened read-only.
    ReadOnly,
}

pub(super) fn sqlite_fault(e: &rusqlite::Error) -> Option<FileFault> {
    match e.sqlite_error_code()? {
        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
            Some(FileFault::Locked)
        }
        rusqlite::ErrorCode::DiskFull => Some(FileFault::DiskFull),
        rusqlite::ErrorCode::ReadOnly => Some(FileFault::ReadOnly),
        _ => None,
    }
}

pub(super) fn describe_sqlite(e: &rusqlite::Error) -> String {
    match sqlite_fault(e) {
        Some(FileFault::Locked) => {
            "the store is locked by another process (waited 5 s)".to_string()
        }
        Some(FileFault::DiskFull) => "disk full while writing the store".to_string(),
        Some(FileFault::ReadOnly) => {
            "read-only: the store was opened read-only; nothing was changed".to_string()
        }
        None => match e {
            rusqlite::Error::InvalidColumnType(_, name, ty) => format!(
                "the store holds a value this build cannot read: column `{name}` holds {}",
                ty.to_string().to_lowercase()
            ),
            rusqlite::Error::FromSqlConversionFailure(_, _, why) => {
                format!("the store holds a value this build cannot read: {why}")
            }
            _ => format!("store: {e}"),
        },
    }
}

/// The failures an engineer acts on the same way as SQLite's lock, full
/// disk or read-only file.
pub fn pg_fault(e: &postgres::Error) -> Option<FileFault> {
    let code = e.code()?;
    if *code == SqlState::READ_ONLY_SQL_TRANSACTION || *code == SqlState::INSUFFICIENT_PRIVILEGE {
        // A role granted only SELECT is the server's read-only mode.
        Some(FileFault::ReadOnly)
    } else if *code == SqlState::DISK_FULL {
        Some(FileFault::DiskFull)
    } else if *code == SqlState::LOCK_NOT_AVAILABLE {
        Some(FileFault::Locked)
    } else {
        None
    }
}

/// The server went away under us: closed, shut down, or this backend
/// terminated (`pg_terminate_backend`).
pub fn pg_lost(e: &postgres::Error) -> bool {
    // A socket error (reset by peer, broken pipe) leaves the client
    // unusable as surely as a closed one.
    let socket = std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>());
    e.is_closed()
        || socket
        || e.code().is_some_and(|c| {
            *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || *c == SqlState::CANNOT_CONNECT_NOW
        })
}

pub fn describe_pg(e: &postgres::Error) -> String {
    if pg_lost(e) {
        let why = e
            .as_db_error()
            .map(|d| format!(" ({})", d.message()))
            .unwrap_or_default();
        return format!(
            "the connection to PostgreSQL was lost{why}; what was not yet committed \
             was not written"
        );
    }
    match (pg_fault(e), e.as_db_error()) {
        (Some(FileFault::ReadOnly), Some(db)) => format!(
            "read-only: PostgreSQL refused the write ({}); nothing was changed",
            db.message()
        ),
        (Some(FileFault::DiskFull), _) => "disk full on the PostgreSQL server".to_string(),
        (Some(FileFault::Locked), _) => "the desk is locked by another writer".to_string(),
        (_, Some(db)) => match db.detail() {
            Some(detail) => format!("PostgreSQL: {} ({detail})", db.message()),
            None => format!("PostgreSQL: {}", db.message()),
        },
        (_, None) => format!("PostgreSQL: {e}"),
    }
}
