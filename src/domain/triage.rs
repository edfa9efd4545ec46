//! The triage rules that move an escalation through its lifecycle:
//! acknowledge, start, re-grade, assign, resolve, close, withdraw, out of
//! scope, escalate to R&D experts.

use chrono::{DateTime, Utc};

use super::escalation::Escalation;
use super::sla;
use super::{EscalationKind, EscalationState, OutOfScopeReason, Severity};

/// What an engineer can do to an escalation from the board or the CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TriageOp {
    Acknowledge,
    Start,
    SetSeverity(Severity),
    /// To an engineer, with a hand-off note for them.
    Assign {
        to: String,
        note: Option<String>,
    },
    /// How it was resolved: the Ticket List's "Resolution".
    Resolve {
        resolution: Option<String>,
    },
    Close,
    /// Why: kept where a resolution would be.
    Withdraw {
        reason: Option<String>,
    },
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
            TriageOp::Assign { .. } => "assign",
            TriageOp::Resolve { .. } => "resolve",
            TriageOp::Close => "close",
            TriageOp::Withdraw { .. } => "withdraw",
            TriageOp::OutOfScope(_) => "mark out of scope",
            TriageOp::EscalateToExperts => "escalate to experts",
        }
    }
}

/// Why a step was refused. Each names the escalation by the customer's
/// ticket number, which is what engineers see, and by its id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriageError {
    #[error("cannot {verb} {ticket}: it is {state}{hint}")]
    NotAllowed {
        ticket: String,
        verb: &'static str,
        state: EscalationState,
        hint: &'static str,
    },
    #[error("{ticket} is already {what}")]
    NoChange { ticket: String, what: String },
    #[error("assignee is empty")]
    EmptyAssignee,
    #[error("assignee is {0} characters long; at most 100 are allowed")]
    AssigneeTooLong(usize),
    #[error("{0}")]
    BadText(String),
}

/// How messages name an escalation: "ST2611-0042 (#42)".
pub fn label(ticket_no: &str, id: i64) -> String {
    format!("{ticket_no} (#{id})")
}

/// The longest note, resolution or reason an engineer may write.
pub const MAX_NOTE: usize = 4000;

/// A note, resolution or reason: at most `MAX_NOTE` characters; empty is
/// none. Like a ticket's description it is kept as written (it is often
/// pasted from the customer) and made inert wherever it is shown.
pub fn check_note(what: &str, text: &str) -> Result<Option<String>, TriageError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // Several lines are kept; escape sequences and other control
    // characters are refused here, at the edge, not only made inert later.
    super::text_rules::check_text(what, t, MAX_NOTE, true).map_err(TriageError::BadText)?;
    Ok(Some(t.to_string()))
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
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
pub fn check_allowed(
    ticket: &str,
    state: EscalationState,
    op: &TriageOp,
) -> Result<(), TriageError> {
    use EscalationState as S;
    let hint = match (op, state) {
        (TriageOp::Acknowledge, S::New)
        | (TriageOp::Start, S::Acknowledged)
        | (TriageOp::Resolve { .. }, S::InProgress)
        | (TriageOp::Close, S::Resolved) => return Ok(()),
        (
            TriageOp::SetSeverity(_)
            | TriageOp::Assign { .. }
            | TriageOp::Withdraw { .. }
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
        ticket: ticket.to_string(),
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
    let ticket = label(&e.ticket_no, e.id);
    check_allowed(&ticket, e.state, op)?;
    let text = |what: &str, t: &Option<String>| match t {
        Some(t) => check_note(what, t).map(|_| ()),
        None => Ok(()),
    };
    match op {
        TriageOp::Resolve { resolution } => text("the resolution", resolution)?,
        TriageOp::Withdraw { reason } => text("the reason", reason)?,
        TriageOp::Assign { note, .. } => text("the hand-off note", note)?,
        _ => {}
    }
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
                    ticket,
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
        TriageOp::Assign { to: who, note } => {
            let who = who.trim();
            if who.is_empty() {
                return Err(TriageError::EmptyAssignee);
            }
            let len = who.chars().count();
            if len > 100 {
                return Err(TriageError::AssigneeTooLong(len));
            }
            super::text_rules::check_text("the assignee", who, 100, false)
                .map_err(TriageError::BadText)?;
            if e.assignee.as_deref() == Some(who) {
                return Err(TriageError::NoChange {
                    ticket,
                    what: format!("assigned to {who}"),
                });
            }
            after.assignee = Some(who.to_string());
            let moved = match &e.assignee {
                Some(prev) => format!("assignee {prev} -> {who}"),
                None => format!("assigned to {who}"),
            };
            match trimmed(note) {
                Some(n) => format!("{moved}; note: {n}"),
                None => moved,
            }
        }
        TriageOp::Resolve { resolution } => {
            after.state = S::Resolved;
            after.ended_at = Some(now);
            after.resolution = trimmed(resolution);
            match &after.resolution {
                Some(n) => format!("resolved: {n}"),
                None => "resolved".to_string(),
            }
        }
        TriageOp::Close => {
            after.state = S::Closed;
            "closed".to_string()
        }
        TriageOp::Withdraw { reason } => {
            after.state = S::Withdrawn;
            after.ended_at = Some(now);
            after.resolution = trimmed(reason);
            match &after.resolution {
                Some(r) => format!("withdrawn: {r}"),
                None => "withdrawn".to_string(),
            }
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
                    ticket,
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
    use super::super::escalation::test_support::{esc, t0};
    use super::*;
    use EscalationState as S;
    use chrono::Duration;

    fn all_ops() -> Vec<TriageOp> {
        vec![
            TriageOp::Acknowledge,
            TriageOp::Start,
            TriageOp::SetSeverity(Severity::S1),
            TriageOp::Assign {
                to: "bob".into(),
                note: None,
            },
            TriageOp::Resolve { resolution: None },
            TriageOp::Close,
            TriageOp::Withdraw { reason: None },
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
            (s, TriageOp::Withdraw { .. }) if s.is_open() => Some(S::Withdrawn),
            (s, TriageOp::OutOfScope(_)) if s.is_open() => Some(S::OutOfScope),
            (
                s,
                TriageOp::SetSeverity(_) | TriageOp::Assign { .. } | TriageOp::EscalateToExperts,
            ) if s.is_open() => Some(s),
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
        let err = triage(
            &esc(S::New),
            &TriageOp::Resolve { resolution: None },
            "a",
            t0(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot resolve T-1 (#7): it is new (acknowledge it and start work first)"
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
            triage(
                &e,
                &TriageOp::Assign {
                    to: "  ".into(),
                    note: None
                },
                "a",
                t0()
            ),
            Err(TriageError::EmptyAssignee)
        );
        let t = triage(
            &e,
            &TriageOp::Assign {
                to: " bob ".into(),
                note: None,
            },
            "a",
            t0(),
        )
        .unwrap();
        assert_eq!(t.after.assignee.as_deref(), Some("bob"));
        let again = triage(
            &t.after,
            &TriageOp::Assign {
                to: "bob".into(),
                note: None,
            },
            "a",
            t0(),
        );
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
}
