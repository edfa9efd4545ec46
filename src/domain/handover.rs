//! A shift's handover: what came in, how it was answered, what is still
//! breached, who holds what, what waits on customers, the notes written,
//! incidents owed an update, notices sent and failed, quotas nearly used.
//! Plain data read by the store, written out by `export::handover`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{EscalationState, Severity};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Handover {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// Reported during the shift.
    pub arrived: Vec<EscalationLine>,
    /// First answered during the shift, within the SLA or not.
    pub answered_within: Vec<EscalationLine>,
    pub answered_outside: Vec<EscalationLine>,
    /// Unanswered past the deadline now: the next shift's first work.
    pub breached_open: Vec<EscalationLine>,
    /// Open escalations per assignee ("" for nobody), most first.
    pub holders: Vec<Holder>,
    pub paused: Vec<PausedLine>,
    pub notes: Vec<NoteLine>,
    /// Open incidents by the update owed next.
    pub incidents: Vec<IncidentLine>,
    pub notices: NoticeTally,
    /// Subscribed customers with at most a fifth of a quota left.
    pub quotas_low: Vec<QuotaLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EscalationLine {
    pub id: i64,
    pub ticket_no: String,
    pub customer: String,
    pub severity: Severity,
    pub state: EscalationState,
    pub title: String,
    pub assignee: Option<String>,
    /// What the line is about: reported, answered, or the deadline.
    pub at: DateTime<Utc>,
    /// Who recorded or answered it, from the audit trail.
    pub by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Holder {
    pub engineer: Option<String>,
    pub open: usize,
    pub breached: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PausedLine {
    pub escalation: EscalationLine,
    pub since: DateTime<Utc>,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoteLine {
    pub escalation_id: i64,
    pub ticket_no: String,
    pub at: DateTime<Utc>,
    pub engineer: String,
    /// A hand-off: to whom.
    pub handed_to: Option<String>,
    pub for_customer: bool,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncidentLine {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub next_update_due: Option<DateTime<Utc>>,
}

/// Deliveries of the notices to customers composed during the shift, by
/// state (the desk's own handovers are not counted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NoticeTally {
    pub notices: usize,
    pub sent: usize,
    pub pending: usize,
    pub failed: usize,
    pub dead: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuotaLine {
    pub customer: String,
    /// "faster" or "expert".
    pub quota: &'static str,
    pub left: u32,
    pub total: u32,
}

impl Handover {
    /// Nothing happened and nothing waits: said in one line, not as
    /// empty headings.
    pub fn is_quiet(&self) -> bool {
        self.arrived.is_empty()
            && self.answered_within.is_empty()
            && self.answered_outside.is_empty()
            && self.breached_open.is_empty()
            && self.paused.is_empty()
            && self.notes.is_empty()
            && self.incidents.is_empty()
            && self.notices.notices == 0
            && self.quotas_low.is_empty()
    }
}
