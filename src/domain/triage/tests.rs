//! The whole transition table and each step's rules.

use super::super::escalation::test_support::{esc, t0, triage};
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
        TriageOp::Pause {
            reason: "logs".into(),
        },
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
            TriageOp::SetSeverity(_)
            | TriageOp::Assign { .. }
            | TriageOp::EscalateToExperts
            | TriageOp::Pause { .. },
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
