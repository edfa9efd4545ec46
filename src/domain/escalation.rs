//! Escalations and the triage rules that move them through their lifecycle.

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
}

impl Escalation {
    /// The response clock, for escalations nobody has answered yet.
    pub fn countdown(&self, now: DateTime<Utc>) -> Option<Countdown> {
        self.state
            .awaits_response()
            .then(|| sla::countdown(self.deadline, self.severity.response_target(), now))
    }

    /// How long the first response took, once there was one.
    pub fn response_time(&self) -> Option<Duration> {
        self.responded_at.map(|r| r - self.reported_at)
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
}

impl NewEscalation {
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), InvalidEscalation> {
        check_text("customer", &self.customer, 200)?;
        check_text("ticket number", &self.ticket_no, MAX_TICKET_NO)?;
        check_text("title", &self.title, MAX_TITLE)?;
        let len = self.description.chars().count();
        if len > MAX_DESCRIPTION {
            return Err(InvalidEscalation::TooLong {
                field: "description",
                len,
                max: MAX_DESCRIPTION,
            });
        }
        if self.reported_at > now + FUTURE_SKEW {
            return Err(InvalidEscalation::InFuture {
                at: self.reported_at.to_rfc3339(),
                now: now.to_rfc3339(),
            });
        }
        Ok(())
    }

    pub fn deadline(&self) -> DateTime<Utc> {
        sla::response_deadline(self.reported_at, self.severity)
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
    Ok(())
}

/// What an engineer can do to an escalation from the board or the CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TriageOp {
    Acknowledge,
    Start,
    SetSeverity(Severity),
    Assign(String),
    Resolve {
        note: Option<String>,
    },
    Close,
    Withdraw,
    OutOfScope(OutOfScopeReason),
    /// Hand to R&D experts: the escalation becomes Direct Expert Support.
    EscalateToExperts,
}

impl TriageOp {
    /// The verb, as the CLI and the error messages name it.
    pub fn verb(&self) -> &'static str {
        match self {
            TriageOp::Acknowledge => "acknowledge",
            TriageOp::Start => "start work on",
            TriageOp::SetSeverity(_) => "re-grade",
            TriageOp::Assign(_) => "assign",
            TriageOp::Resolve { .. } => "resolve",
            TriageOp::Close => "close",
            TriageOp::Withdraw => "withdraw",
            TriageOp::OutOfScope(_) => "mark out of scope",
            TriageOp::EscalateToExperts => "escalate to experts",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriageError {
    #[error("cannot {verb} escalation #{id}: it is {state}{hint}")]
    NotAllowed {
        id: i64,
        verb: &'static str,
        state: EscalationState,
        hint: &'static str,
    },
    #[error("escalation #{id} is already {what}")]
    NoChange { id: i64, what: String },
    #[error("assignee is empty")]
    EmptyAssignee,
    #[error("assignee is {0} characters long; at most 100 are allowed")]
    AssigneeTooLong(usize),
}

/// The outcome of a legal triage step: the escalation after it and a line
/// for the audit trail saying what changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Triaged {
    pub after: Escalation,
    pub summary: String,
}

/// Whether `op` may be applied to an escalation in `state`, with a hint
/// for the engineer when not. The board asks this before confirming.
pub fn check_allowed(id: i64, state: EscalationState, op: &TriageOp) -> Result<(), TriageError> {
    use EscalationState as S;
    let hint = match (op, state) {
        (TriageOp::Acknowledge, S::New)
        | (TriageOp::Start, S::Acknowledged)
        | (TriageOp::Resolve { .. }, S::InProgress)
        | (TriageOp::Close, S::Resolved) => return Ok(()),
        (
            TriageOp::SetSeverity(_)
            | TriageOp::Assign(_)
            | TriageOp::Withdraw
            | TriageOp::OutOfScope(_)
            | TriageOp::EscalateToExperts,
            s,
        ) if s.is_open() => return Ok(()),
        (TriageOp::Start, S::New) => " (acknowledge it first)",
        (TriageOp::Resolve { .. }, S::New) => " (acknowledge it and start work first)",
        (TriageOp::Resolve { .. }, S::Acknowledged) => " (start work on it first)",
        (TriageOp::Close, _) => " (only resolved escalations are closed)",
        _ => "",
    };
    Err(TriageError::NotAllowed {
        id,
        verb: op.verb(),
        state,
        hint,
    })
}

/// Applies one triage step. Pure: the caller stores the result.
pub fn triage(
    e: &Escalation,
    op: &TriageOp,
    engineer: &str,
    now: DateTime<Utc>,
) -> Result<Triaged, TriageError> {
    use EscalationState as S;
    check_allowed(e.id, e.state, op)?;
    let mut after = e.clone();
    after.updated_at = now;
    let summary = match op {
        TriageOp::Acknowledge => {
            let met = sla::response_met(now, e.deadline);
            after.state = S::Acknowledged;
            after.responded_at = Some(now);
            after.response_met = Some(met);
            let mut s = format!(
                "acknowledged after {} ({} the {} SLA of {})",
                sla::format_span((now - e.reported_at).num_seconds().max(0) as u64),
                if met { "within" } else { "outside" },
                e.severity,
                sla::format_span(e.severity.response_target().num_seconds() as u64),
            );
            // The first responder owns it unless someone already does.
            if e.assignee.is_none() {
                after.assignee = Some(engineer.to_string());
                s.push_str(&format!("; assigned to {engineer}"));
            }
            s
        }
        TriageOp::Start => {
            after.state = S::InProgress;
            "work started".to_string()
        }
        TriageOp::SetSeverity(sev) => {
            if *sev == e.severity {
                return Err(TriageError::NoChange {
                    id: e.id,
                    what: sev.to_string(),
                });
            }
            after.severity = *sev;
            after.deadline = sla::response_deadline(e.reported_at, *sev);
            // An answered escalation is judged against its grade as it now
            // stands, so the board, the detail and the customer's ticket
            // list never show a response "met" beside a target it missed.
            let judged = e.responded_at.map(|r| {
                let met = sla::response_met(r, after.deadline);
                after.response_met = Some(met);
                if met {
                    "; the response is within the new SLA"
                } else {
                    "; the response is outside the new SLA"
                }
            });
            format!(
                "severity {} -> {}; response deadline {} -> {}{}",
                e.severity,
                sev,
                super::desk_time::utc_seconds_unmarked(e.deadline),
                super::desk_time::utc_seconds_unmarked(after.deadline),
                judged.unwrap_or_default(),
            )
        }
        TriageOp::Assign(who) => {
            let who = who.trim();
            if who.is_empty() {
                return Err(TriageError::EmptyAssignee);
            }
            let len = who.chars().count();
            if len > 100 {
                return Err(TriageError::AssigneeTooLong(len));
            }
            if e.assignee.as_deref() == Some(who) {
                return Err(TriageError::NoChange {
                    id: e.id,
                    what: format!("assigned to {who}"),
                });
            }
            after.assignee = Some(who.to_string());
            match &e.assignee {
                Some(prev) => format!("assignee {prev} -> {who}"),
                None => format!("assigned to {who}"),
            }
        }
        TriageOp::Resolve { note } => {
            after.state = S::Resolved;
            after.ended_at = Some(now);
            after.resolution = note.clone().filter(|n| !n.trim().is_empty());
            match &after.resolution {
                Some(n) => format!("resolved: {n}"),
                None => "resolved".to_string(),
            }
        }
        TriageOp::Close => {
            after.state = S::Closed;
            "closed".to_string()
        }
        TriageOp::Withdraw => {
            after.state = S::Withdrawn;
            after.ended_at = Some(now);
            "withdrawn".to_string()
        }
        TriageOp::OutOfScope(reason) => {
            after.state = S::OutOfScope;
            after.out_of_scope_reason = Some(*reason);
            after.ended_at = Some(now);
            format!("out of scope: {}", reason.label())
        }
        TriageOp::EscalateToExperts => {
            if e.kind == EscalationKind::Expert {
                return Err(TriageError::NoChange {
                    id: e.id,
                    what: "with the experts".into(),
                });
            }
            after.kind = EscalationKind::Expert;
            format!("escalated to R&D experts (was {})", e.kind.label())
        }
    };
    Ok(Triaged { after, summary })
}

#[cfg(test)]
mod tests {
    use super::*;
    use EscalationState as S;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
    }

    fn esc(state: S) -> Escalation {
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
        }
    }

    fn all_ops() -> Vec<TriageOp> {
        vec![
            TriageOp::Acknowledge,
            TriageOp::Start,
            TriageOp::SetSeverity(Severity::S1),
            TriageOp::Assign("bob".into()),
            TriageOp::Resolve { note: None },
            TriageOp::Close,
            TriageOp::Withdraw,
            TriageOp::OutOfScope(OutOfScopeReason::CodeDevelopment),
            TriageOp::EscalateToExperts,
        ]
    }

    /// The whole transition table: (from, op index) -> resulting state.
    fn expected(from: S, op: &TriageOp) -> Option<S> {
        match (from, op) {
            (S::New, TriageOp::Acknowledge) => Some(S::Acknowledged),
            (S::Acknowledged, TriageOp::Start) => Some(S::InProgress),
            (S::InProgress, TriageOp::Resolve { .. }) => Some(S::Resolved),
            (S::Resolved, TriageOp::Close) => Some(S::Closed),
            (s, TriageOp::Withdraw) if s.is_open() => Some(S::Withdrawn),
            (s, TriageOp::OutOfScope(_)) if s.is_open() => Some(S::OutOfScope),
            (s, TriageOp::SetSeverity(_) | TriageOp::Assign(_) | TriageOp::EscalateToExperts)
                if s.is_open() =>
            {
                Some(s)
            }
            _ => None,
        }
    }

    #[test]
    fn every_legal_and_illegal_transition() {
        for from in S::ALL {
            for op in all_ops() {
                let before = esc(*from);
                let result = triage(&before, &op, "alice", t0() + Duration::minutes(1));
                match (expected(*from, &op), result) {
                    (Some(to), Ok(t)) => assert_eq!(t.after.state, to, "{from} {op:?}"),
                    (None, Err(TriageError::NotAllowed { state, .. })) => {
                        assert_eq!(state, *from)
                    }
                    (want, got) => panic!("{from} {op:?}: wanted {want:?}, got {got:?}"),
                }
            }
        }
    }

    #[test]
    fn refusal_says_what_and_why() {
        let err = triage(&esc(S::New), &TriageOp::Resolve { note: None }, "a", t0()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot resolve escalation #7: it is new (acknowledge it and start work first)"
        );
    }

    #[test]
    fn acknowledge_records_response_and_sla_at_the_boundary() {
        let e = esc(S::New);
        let on_time = triage(&e, &TriageOp::Acknowledge, "alice", e.deadline).unwrap();
        assert_eq!(on_time.after.responded_at, Some(e.deadline));
        assert_eq!(on_time.after.response_met, Some(true));
        assert_eq!(on_time.after.assignee.as_deref(), Some("alice"));
        assert!(
            on_time.summary.contains("within the S2 SLA"),
            "{}",
            on_time.summary
        );

        let late = e.deadline + Duration::seconds(1);
        let t = triage(&e, &TriageOp::Acknowledge, "alice", late).unwrap();
        assert_eq!(t.after.response_met, Some(false));
        assert!(t.summary.starts_with("acknowledged after 30m01s (outside"));
    }

    #[test]
    fn acknowledge_keeps_an_existing_assignee() {
        let mut e = esc(S::New);
        e.assignee = Some("carol".into());
        let t = triage(&e, &TriageOp::Acknowledge, "alice", t0()).unwrap();
        assert_eq!(t.after.assignee.as_deref(), Some("carol"));
    }

    #[test]
    fn regrade_recomputes_deadline_from_report_time() {
        let e = esc(S::New);
        let now = t0() + Duration::minutes(20);
        let t = triage(&e, &TriageOp::SetSeverity(Severity::S4), "a", now).unwrap();
        assert_eq!(t.after.deadline, t0() + Duration::hours(8));
        assert!(t.summary.starts_with("severity S2 -> S4"));
        let same = triage(&e, &TriageOp::SetSeverity(Severity::S2), "a", now);
        assert!(matches!(same, Err(TriageError::NoChange { .. })));
    }

    #[test]
    fn regrade_after_the_response_judges_it_again() {
        let mut e = esc(S::Acknowledged);
        // Answered after 20 minutes: within S2's 30.
        e.responded_at = Some(t0() + Duration::minutes(20));
        e.response_met = Some(true);
        let up = triage(&e, &TriageOp::SetSeverity(Severity::S1), "a", t0()).unwrap();
        assert_eq!(up.after.response_met, Some(false));
        assert!(
            up.summary.ends_with("outside the new SLA"),
            "{}",
            up.summary
        );
        let down = triage(&up.after, &TriageOp::SetSeverity(Severity::S3), "a", t0()).unwrap();
        assert_eq!(down.after.response_met, Some(true));
        // Unanswered: nothing to judge yet.
        let fresh = triage(
            &esc(S::New),
            &TriageOp::SetSeverity(Severity::S1),
            "a",
            t0(),
        );
        assert_eq!(fresh.unwrap().after.response_met, None);
    }

    #[test]
    fn assign_validates_and_reports_the_change() {
        let e = esc(S::Acknowledged);
        assert_eq!(
            triage(&e, &TriageOp::Assign("  ".into()), "a", t0()),
            Err(TriageError::EmptyAssignee)
        );
        let t = triage(&e, &TriageOp::Assign(" bob ".into()), "a", t0()).unwrap();
        assert_eq!(t.after.assignee.as_deref(), Some("bob"));
        let again = triage(&t.after, &TriageOp::Assign("bob".into()), "a", t0());
        assert!(matches!(again, Err(TriageError::NoChange { .. })));
    }

    #[test]
    fn ending_states_record_when() {
        let now = t0() + Duration::hours(1);
        let t = triage(
            &esc(S::Acknowledged),
            &TriageOp::OutOfScope(OutOfScopeReason::IdcHardware),
            "a",
            now,
        )
        .unwrap();
        assert_eq!(t.after.ended_at, Some(now));
        assert_eq!(
            t.after.out_of_scope_reason,
            Some(OutOfScopeReason::IdcHardware)
        );
        assert_eq!(t.summary, "out of scope: IDC / hardware maintenance");
    }

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
