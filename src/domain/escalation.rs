//! Escalations: what a customer's ticket brings to the desk, checked as it
//! arrives, and how its response clock reads.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::sla::{self, Countdown};
use super::{EscalationKind, EscalationState, OutOfScopeReason, Severity};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Escalation {
    pub id: i64,
    pub customer_id: i64,
    pub customer: String,
    pub ticket_no: String,
    pub title: String,
    pub description: String,
    pub kind: EscalationKind,
    pub severity: Severity,
    pub state: EscalationState,
    pub out_of_scope_reason: Option<OutOfScopeReason>,
    pub assignee: Option<String>,
    pub resolution: Option<String>,
    pub reported_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
    pub response_met: Option<bool>,
    /// When it left the open states (resolved, withdrawn, out of scope).
    pub ended_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// Waiting on the customer, with why, while paused.
    pub pause: Option<Pause>,
    /// Seconds the response clock stood still in pauses that have ended;
    /// a re-grade adds them to the new target.
    pub paused_secs: i64,
    /// When it must be resolved by, if the desk set a resolution target
    /// for its grade when it was reported or last re-graded.
    pub resolve_by: Option<DateTime<Utc>>,
    /// Seconds the resolution clock stood still in ended pauses.
    pub resolve_paused_secs: i64,
    /// The same two spans counted in the desk's business hours, for a
    /// severity on them (see `paused_for`).
    pub paused_business_secs: i64,
    pub resolve_paused_business_secs: i64,
    /// When the customer was last sent an update about it.
    pub last_update_at: Option<DateTime<Utc>>,
    /// When its last pause ended: the update cadence counts from then too.
    pub resumed_at: Option<DateTime<Utc>>,
    /// Its alarms are held back until then.
    pub snoozed_until: Option<DateTime<Utc>>,
}

/// Waiting on the customer: the clocks stand still from `since`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pause {
    pub since: DateTime<Utc>,
    pub reason: String,
}

impl Escalation {
    /// The response clock, for escalations nobody has answered yet; while
    /// paused it stands where the pause stopped it.
    pub fn countdown(&self, now: DateTime<Utc>) -> Option<Countdown> {
        let at = self.pause.as_ref().map_or(now, |p| p.since.min(now));
        self.state
            .awaits_response()
            .then(|| sla::countdown(self.deadline, self.severity.response_target(), at))
    }

    /// Past its deadline without a response, or answered late. A paused
    /// one is waiting on the customer, not on the desk: never breached
    /// while it waits.
    pub fn breached(&self, now: DateTime<Utc>) -> bool {
        if self.pause.is_some() {
            return false;
        }
        self.countdown(now)
            .is_some_and(|c| c.left.num_seconds() < 0)
            || self.response_met == Some(false)
    }

    /// Where the board puts it: unanswered (0), answered (1), paused (2);
    /// `None` once off the board.
    pub fn board_rank(&self) -> Option<i64> {
        self.state
            .board_rank()
            .map(|r| if self.pause.is_some() { 2 } else { r })
    }

    /// How long the first response took, once there was one.
    pub fn response_time(&self) -> Option<Duration> {
        self.responded_at.map(|r| r - self.reported_at)
    }

    /// The paused seconds the clock of severity `s` gives back, to the
    /// response and to the resolution: wall or business time as `s` runs.
    pub fn paused_for(&self, policy: &super::sla_policy::SlaPolicy, s: Severity) -> (i64, i64) {
        match policy.of(s).clock {
            super::sla_policy::Clock::AllHours => (self.paused_secs, self.resolve_paused_secs),
            super::sla_policy::Clock::Business => {
                (self.paused_business_secs, self.resolve_paused_business_secs)
            }
        }
    }
}

/// A new escalation as the customer reported it, before it has an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEscalation {
    pub customer: String,
    pub ticket_no: String,
    pub title: String,
    pub description: String,
    pub kind: EscalationKind,
    pub severity: Severity,
    pub reported_at: DateTime<Utc>,
}

pub const MAX_TICKET_NO: usize = 64;

pub const MAX_TITLE: usize = 200;

pub const MAX_DESCRIPTION: usize = 20_000;

/// Clocks drift; a report a little ahead of ours is accepted, not an hour.
pub const FUTURE_SKEW: Duration = Duration::minutes(5);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidEscalation {
    #[error("{field} is empty")]
    Empty { field: &'static str },
    #[error("{field} is {len} characters long; at most {max} are allowed")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("reported-at {at} is in the future (now is {now})")]
    InFuture { at: String, now: String },
    #[error("{field} contains {}", if *.multiline { "control characters other than line breaks" } else { "line breaks or control characters" })]
    Control {
        field: &'static str,
        multiline: bool,
    },
}

impl InvalidEscalation {
    /// The field the problem is in, as the messages name it.
    pub fn field(&self) -> &'static str {
        match self {
            InvalidEscalation::Empty { field }
            | InvalidEscalation::TooLong { field, .. }
            | InvalidEscalation::Control { field, .. } => field,
            InvalidEscalation::InFuture { .. } => "reported-at",
        }
    }
}

impl NewEscalation {
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), InvalidEscalation> {
        match self.problems(now).into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Everything wrong with it, field by field, so a form can say each
    /// beside its field and an import each on its line.
    pub fn problems(&self, now: DateTime<Utc>) -> Vec<InvalidEscalation> {
        let mut out: Vec<InvalidEscalation> = [
            check_text("customer", &self.customer, 200),
            check_text("ticket number", &self.ticket_no, MAX_TICKET_NO),
            check_text("title", &self.title, MAX_TITLE),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect();
        if has_control(&self.description, true) {
            out.push(InvalidEscalation::Control {
                field: "description",
                multiline: true,
            });
        }
        let len = self.description.chars().count();
        if len > MAX_DESCRIPTION {
            out.push(InvalidEscalation::TooLong {
                field: "description",
                len,
                max: MAX_DESCRIPTION,
            });
        }
        if self.reported_at > now + FUTURE_SKEW {
            out.push(InvalidEscalation::InFuture {
                at: self.reported_at.to_rfc3339(),
                now: now.to_rfc3339(),
            });
        }
        out
    }

    /// The response deadline on the severity's clock.
    pub fn deadline(&self, policy: &super::sla_policy::SlaPolicy) -> DateTime<Utc> {
        policy.response_deadline(self.severity, self.reported_at, 0)
    }

    /// The resolution deadline, if the desk sets a target for its grade.
    pub fn resolve_by(&self, policy: &super::sla_policy::SlaPolicy) -> Option<DateTime<Utc>> {
        policy.resolve_by(self.severity, self.reported_at, 0)
    }
}

fn check_text(field: &'static str, value: &str, max: usize) -> Result<(), InvalidEscalation> {
    if value.trim().is_empty() {
        return Err(InvalidEscalation::Empty { field });
    }
    let len = value.chars().count();
    if len > max {
        return Err(InvalidEscalation::TooLong { field, len, max });
    }
    if has_control(value, false) {
        return Err(InvalidEscalation::Control {
            field,
            multiline: false,
        });
    }
    Ok(())
}

/// Escape sequences and other control characters; line breaks and tabs
/// only where the field has lines.
fn has_control(value: &str, multiline: bool) -> bool {
    value
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use EscalationState as S;
    use chrono::TimeZone;

    pub fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
    }

    /// A triage step on the seed's clock: every severity 24x7.
    pub fn triage(
        e: &Escalation,
        op: &crate::domain::TriageOp,
        engineer: &str,
        now: DateTime<Utc>,
    ) -> Result<crate::domain::Triaged, crate::domain::TriageError> {
        let seed = crate::domain::sla_policy::SlaPolicy::default();
        crate::domain::triage(e, op, engineer, now, &seed)
    }

    pub fn esc(state: S) -> Escalation {
        Escalation {
            id: 7,
            customer_id: 1,
            customer: "Acme".into(),
            ticket_no: "T-1".into(),
            title: "db down".into(),
            description: String::new(),
            kind: EscalationKind::General,
            severity: Severity::S2,
            state,
            out_of_scope_reason: None,
            assignee: None,
            resolution: None,
            reported_at: t0(),
            deadline: t0() + Duration::minutes(30),
            responded_at: None,
            response_met: None,
            ended_at: None,
            updated_at: t0(),
            pause: None,
            paused_secs: 0,
            resolve_by: None,
            resolve_paused_secs: 0,
            paused_business_secs: 0,
            resolve_paused_business_secs: 0,
            last_update_at: None,
            resumed_at: None,
            snoozed_until: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{esc, t0};
    use super::*;
    use EscalationState as S;

    #[test]
    fn countdown_only_while_awaiting_response() {
        assert!(esc(S::New).countdown(t0()).is_some());
        assert!(esc(S::Acknowledged).countdown(t0()).is_none());
    }

    #[test]
    fn validation_names_the_field() {
        let mut n = NewEscalation {
            customer: "Acme".into(),
            ticket_no: "T-1".into(),
            title: "x".into(),
            description: String::new(),
            kind: EscalationKind::General,
            severity: Severity::S3,
            reported_at: t0(),
        };
        assert_eq!(n.validate(t0()), Ok(()));
        n.title = " ".into();
        assert_eq!(n.validate(t0()).unwrap_err().to_string(), "title is empty");
        n.title = "x".repeat(MAX_TITLE + 1);
        assert!(
            n.validate(t0())
                .unwrap_err()
                .to_string()
                .contains("201 characters")
        );
        n.title = "x".into();
        n.reported_at = t0() + Duration::hours(1);
        assert!(matches!(
            n.validate(t0()),
            Err(InvalidEscalation::InFuture { .. })
        ));
        n.reported_at = t0() + FUTURE_SKEW;
        assert_eq!(n.validate(t0()), Ok(()));
    }
}
