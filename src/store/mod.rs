//! The only place with SQL. One `Store` wraps one connection, to an
//! SQLite file or a PostgreSQL server (see `engine`); the TUI gives it a
//! thread of its own (see `runtime::store_worker`).

// Counts, ids and times read from the store or sent to customers must
// never wrap silently: a value too big is an error.
#![warn(clippy::cast_possible_truncation)]

mod access;
mod alarms;
mod audit;
mod board;
mod board_counts;
mod board_filter;
mod board_marks;
mod board_scan;
mod board_sort;
mod bulk;
mod change_impacts;
mod changes;
mod contacts;
mod copy;
mod copy_back;
mod customer_views;
mod customers;
mod decode;
mod deliverables;
mod drafts;
pub mod engine;
mod escalation_updates;
mod escalations;
pub(crate) mod fault;
pub mod functions;
mod handover;
mod handover_notices;
mod history;
mod identity;
mod impact_rows;
mod import;
mod incidents;
mod intake;
mod inventory;
mod lookup;
mod notes;
mod notices;
#[cfg(test)]
mod notices_tests;
mod open;
mod open_pg;
mod outbox;
#[cfg(test)]
mod outbox_tests;
mod owners;
#[cfg(test)]
mod pacing_tests;
pub mod pg;
mod pipeline;
mod quota;
mod quota_board;
mod quota_summary;
mod quota_window;
#[cfg(test)]
mod quota_window_tests;
mod record_events;
mod requirement_notices;
mod requirements;
pub mod schema;
mod status;
mod subscriptions;
pub mod trends;
mod watch;
pub use watch::{ChangeListener, ChangeSource};

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::eligibility::NotEligible;
use crate::domain::owner::OwnerChangeRefused;
use crate::domain::quota::QuotaRefused;
use crate::domain::requirement::{InvalidRequirement, PipelineError};
use crate::domain::subscription::InvalidSubscription;
use crate::domain::{InvalidCustomer, InvalidEscalation, TriageError};

pub use access::Store;
pub use alarms::{AlarmCheck, AlarmWatch};
pub use audit::AuditEntry;
pub use board::{Anchor, BoardKey, BoardPage, BoardQuery, BoardRow, POSITION_COUNTED};
pub use board_counts::{BoardCounts, CLOCK_COUNTED};
pub use bulk::GeneratedTicket;
pub use contacts::ContactList;
pub use copy::{Copied, TABLES};
pub use customer_views::{CustomerDetail, CustomerQuota, RECENT_DELIVERABLE_MONTHS};
pub use drafts::Draft;
pub use escalations::ListFilter;
pub use fault::FileFault;
use fault::{describe_sqlite, sqlite_fault};
pub use history::{HistoryFrom, HistoryKey, HistoryPage, HistoryQuery, HistoryRow};
pub use import::{Earlier, ImportOutcome, Imported, ImportedRow};
pub use inventory::AudienceMember;
pub use notes::EscalationFile;
pub use notices::{
    Attempt, DeliveryCounts, DeliveryRow, NewDelivery, NewNotice, NoticeDetail, NoticeSummary,
};
pub use open::{BUSY_WAIT, Opening};
pub use outbox::{Settlement, Skip, idempotency_key};
pub use owners::{Announce, unannounced};
pub use pipeline::{Lane, Pipeline, PipelineCard, PipelineQuery};
pub use quota::QuotaUse;
pub use quota_window::{QuotaFrom, QuotaKey, QuotaQuery, QuotaWindow};
pub use requirements::RequirementFilter;

/// Who is making a change, and when: every write is audited with both.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    pub engineer: &'a str,
    pub now: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open store {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "no store at {path}: pass --db PATH or set SREDESK_DB to the desk's store \
         (`sredesk customer add`, `sredesk demo` or --create makes a new one)"
    )]
    Missing { path: PathBuf },
    #[error("{path} is not a sredesk store (not an SQLite database)")]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} has schema version {found}, newer than this sredesk understands ({known}); \
         use a newer sredesk, or another file"
    )]
    TooNew {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error("cannot bring {path} up to date: {reason}")]
    Migration { path: PathBuf, reason: String },
    #[error("cannot create store {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a sredesk store ({why}); it was left untouched")]
    Foreign { path: PathBuf, why: String },
    #[error("the store {path} is locked by another process (waited 5 s)")]
    Locked { path: PathBuf },
    #[error("disk full while writing {path}")]
    DiskFull { path: PathBuf },
    #[error(
        "read-only: the store {path} was opened read-only (--read-only, `[store] read_only`, \
         or a file this user may not write); nothing was changed"
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "{path} is read-only and from an older sredesk: it needs an upgrade, which writes; \
         open it once with write access"
    )]
    ReadOnlyUpgrade { path: PathBuf },
    #[error("no customer named '{0}' (see `sredesk customer list`)")]
    NoCustomer(String),
    #[error("no escalation #{0}")]
    NoEscalation(i64),
    #[error(
        "{customer} has no active subscription on {day}: the desk's services cover \
         subscribers only (see `sredesk customer show`)"
    )]
    NotSubscribed { customer: String, day: NaiveDate },
    #[error("a customer named '{0}' already exists")]
    DuplicateCustomer(String),
    #[error("customer '{customer}' already has escalation #{id} for ticket {ticket_no}")]
    DuplicateTicket {
        customer: String,
        ticket_no: String,
        id: i64,
    },
    #[error(transparent)]
    InvalidCustomer(#[from] InvalidCustomer),
    #[error(transparent)]
    InvalidEscalation(#[from] InvalidEscalation),
    #[error(transparent)]
    Triage(#[from] TriageError),
    #[error(transparent)]
    Quota(#[from] QuotaRefused),
    #[error("no requirement #{0}")]
    NoRequirement(i64),
    #[error("customer '{customer}' cannot submit requirements yet: {reason}")]
    NotEligible {
        customer: String,
        reason: NotEligible,
    },
    #[error(transparent)]
    InvalidRequirement(#[from] InvalidRequirement),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error("project owner change refused: {0}")]
    OwnerChange(#[from] OwnerChangeRefused),
    #[error(
        "the {} of {} for {} was already accepted by {} on {} (recorded by {})",
        .0.kind.title(), .0.customer, .0.period, .0.accepted_by,
        .0.accepted_at_desk, .0.recorded_by
    )]
    AlreadyAccepted(Box<AlreadyAccepted>),
    #[error("subscription refused: {0}")]
    Subscription(#[from] InvalidSubscription),
    #[error("no incident #{0} (see `sredesk incident list`)")]
    NoIncident(i64),
    #[error("no change #{0} (see `sredesk change list`)")]
    NoChange(i64),
    #[error("no notice #{0} (see `sredesk notice list`)")]
    NoNotice(i64),
    #[error(transparent)]
    IncidentStep(#[from] crate::domain::incident::IncidentStepError),
    #[error(transparent)]
    ChangeStep(#[from] crate::domain::change::ChangeStepError),
    #[error(transparent)]
    Stage(#[from] crate::domain::notice::StageError),
    #[error("{0}")]
    Invalid(String),
    #[error("the store holds a value this build cannot read: {0}")]
    Corrupt(String),
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
    #[error("{}", describe_sqlite(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot use {url}: {reason}")]
    PgUrl { url: String, reason: String },
    #[error("cannot connect to {url}: {reason}")]
    PgConnect { url: String, reason: String },
    #[error("{}", fault::describe_pg(.0))]
    Postgres(#[from] postgres::Error),
    /// What a PostgreSQL desk cannot do yet, said in full (see `access`).
    #[error("{0}")]
    NotOnPostgres(String),
}

impl StoreError {
    pub fn file_fault(&self) -> Option<FileFault> {
        match self {
            StoreError::Locked { .. } => Some(FileFault::Locked),
            StoreError::DiskFull { .. } => Some(FileFault::DiskFull),
            StoreError::ReadOnly { .. } | StoreError::ReadOnlyUpgrade { .. } => {
                Some(FileFault::ReadOnly)
            }
            StoreError::Sqlite(e) | StoreError::Open { source: e, .. } => sqlite_fault(e),
            StoreError::Postgres(e) => fault::pg_fault(e),
            _ => None,
        }
    }

    /// The same failure naming the store's file, when this one says only
    /// "the store" (SQLite's lock, full disk or read-only refusal).
    pub fn naming(&self, path: &Path) -> Option<StoreError> {
        let path = path.to_path_buf();
        match self {
            StoreError::Sqlite(e) => match sqlite_fault(e)? {
                FileFault::Locked => Some(StoreError::Locked { path }),
                FileFault::DiskFull => Some(StoreError::DiskFull { path }),
                FileFault::ReadOnly => Some(StoreError::ReadOnly { path }),
            },
            _ => None,
        }
    }
}

/// An acceptance found where a new one was asked for, with its time in the
/// desk's zone for the message.
#[derive(Debug)]
pub struct AlreadyAccepted {
    pub kind: crate::domain::deliverable::DeliverableKind,
    pub customer: String,
    pub period: crate::domain::deliverable::Period,
    pub accepted_by: String,
    pub accepted_at_desk: String,
    pub recorded_by: String,
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub(crate) fn ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

/// A listing's LIMIT as the integer both engines take: one past what an
/// i64 holds means "no limit" anyway.
pub(crate) fn limit_of(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

pub(crate) fn from_ts(secs: i64) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Integer,
            format!("timestamp {secs} out of range").into(),
        )
    })
}

/// A desk date as the store keeps it.
pub(crate) fn day_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Reads a count (`COUNT(*)`, a tally column): a value that does not fit
/// is an error, never a wrapped number.
#[cfg(test)]
pub(crate) fn count_at(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<usize> {
    let n: i64 = row.get(idx)?;
    usize::try_from(n).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Integer, Box::new(e))
    })
}

#[cfg(test)]
pub(crate) mod test_plan;
#[cfg(test)]
pub(crate) mod test_support;
