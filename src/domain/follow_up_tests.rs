use super::*;
use crate::domain::escalation::test_support::{esc, t0};
use crate::domain::sla::Urgency;
use crate::domain::sla_policy::{Clock as Hours, SeverityClocks};
use crate::domain::{EscalationState as S, TriageOp, triage};
use chrono::Duration;

fn at(mins: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(mins)
}

/// S2 around the clock, resolved within 4 h, an update every 30 min.
fn policy() -> SlaPolicy {
    let mut p = SlaPolicy::default();
    p.severities[1] = SeverityClocks {
        clock: Hours::AllHours,
        resolve_within: Some(Duration::hours(4)),
        update_every: Some(Duration::minutes(30)),
        alarm_before: None,
    };
    p
}

fn answered(state: S, mins: i64) -> Escalation {
    let mut e = esc(state);
    e.responded_at = Some(at(mins));
    e.response_met = Some(true);
    e.resolve_by = policy().resolve_by(e.severity, e.reported_at, 0);
    e
}

#[test]
fn the_resolution_clock_runs_while_open_and_stands_still_while_paused() {
    let p = policy();
    let e = answered(S::InProgress, 10);
    let due = Facts::of(&e).resolution(&p, at(60)).unwrap();
    assert_eq!((due.kind, due.at), (FollowUp::Resolution, at(240)));
    assert_eq!(due.countdown.left, Duration::hours(3));
    assert_eq!(due.countdown.urgency, Urgency::Normal);
    let late = Facts::of(&e).resolution(&p, at(250)).unwrap();
    assert_eq!(late.countdown.urgency, Urgency::Breached);
    let mut waiting = e.clone();
    waiting.pause = Some(Pause {
        since: at(200),
        reason: "logs".into(),
    });
    let stood = Facts::of(&waiting).resolution(&p, at(900)).unwrap();
    assert_eq!(stood.countdown.left, Duration::minutes(40));
    for s in [S::Resolved, S::Closed, S::Withdrawn, S::OutOfScope] {
        let mut done = e.clone();
        done.state = s;
        assert_eq!(Facts::of(&done).resolution(&p, at(60)), None, "{s}");
    }
    assert_eq!(
        Facts::of(&esc(S::New)).resolution(&p, at(1)),
        None,
        "reported without a target"
    );
}

#[test]
fn the_update_cadence_counts_from_the_latest_contact() {
    let p = policy();
    let mut e = answered(S::Acknowledged, 10);
    let due = |e: &Escalation, now| Facts::of(e).update(&p, now).map(|d| d.at);
    assert_eq!(due(&e, at(11)), Some(at(40)), "from the response");
    e.last_update_at = Some(at(35));
    assert_eq!(due(&e, at(36)), Some(at(65)), "from the last update");
    e.resumed_at = Some(at(50));
    assert_eq!(due(&e, at(51)), Some(at(80)), "from the end of a pause");
    let overdue = Facts::of(&e).update(&p, at(90)).unwrap();
    assert_eq!(overdue.countdown.left, Duration::minutes(-10));
    assert_eq!(overdue.countdown.urgency, Urgency::Breached);
    e.pause = Some(Pause {
        since: at(60),
        reason: "x".into(),
    });
    assert_eq!(due(&e, at(61)), None, "the customer owes us while paused");
    assert_eq!(due(&esc(S::New), at(1)), None, "not before the response");
    assert_eq!(due(&answered(S::Resolved, 10), at(11)), None);
    assert_eq!(
        Facts::of(&answered(S::Acknowledged, 10)).update(&SlaPolicy::default(), at(11)),
        None,
        "no cadence set"
    );
}

#[test]
fn the_board_shows_whichever_is_due_sooner() {
    let p = policy();
    let e = answered(S::InProgress, 10);
    assert_eq!(
        Facts::of(&e).next(&p, at(11)).unwrap().kind,
        FollowUp::Update
    );
    let mut near_end = e.clone();
    near_end.last_update_at = Some(at(230));
    assert_eq!(
        Facts::of(&near_end).next(&p, at(231)).unwrap().kind,
        FollowUp::Resolution
    );
    assert_eq!(Facts::of(&esc(S::New)).next(&p, at(1)), None);
}

#[test]
fn resolving_is_judged_against_the_stored_deadline() {
    let p = policy();
    let e = answered(S::InProgress, 10);
    let on_time = triage(
        &e,
        &TriageOp::Resolve { resolution: None },
        "a",
        at(240),
        &p,
    )
    .unwrap();
    assert_eq!(on_time.summary, "resolved; within the resolution target");
    assert_eq!(resolution_met(&on_time.after), Some(true));
    let late = triage(
        &e,
        &TriageOp::Resolve { resolution: None },
        "a",
        at(365),
        &p,
    )
    .unwrap();
    assert_eq!(late.summary, "resolved; 2h05m past the resolution target");
    assert_eq!(resolution_met(&late.after), Some(false));
    let closed = triage(&late.after, &TriageOp::Close, "a", at(400), &p).unwrap();
    assert_eq!(
        resolution_met(&closed.after),
        Some(false),
        "closing keeps it"
    );
    let gone = triage(&e, &TriageOp::Withdraw { reason: None }, "a", at(500), &p).unwrap();
    assert_eq!(
        resolution_met(&gone.after),
        None,
        "withdrawn is not resolved"
    );
    assert_eq!(resolution_met(&esc(S::Resolved)), None, "no target");
}

#[test]
fn a_pause_moves_the_resolution_deadline_a_regrade_recomputes_it() {
    let p = policy();
    let e = answered(S::InProgress, 10);
    let paused = triage(
        &e,
        &TriageOp::Pause {
            reason: "logs".into(),
        },
        "a",
        at(60),
        &p,
    )
    .unwrap()
    .after;
    let resumed = triage(&paused, &TriageOp::Resume, "a", at(120), &p)
        .unwrap()
        .after;
    assert_eq!(resumed.resolve_by, Some(at(300)));
    assert_eq!(resumed.resolve_paused_secs, 3600);
    assert_eq!(resumed.resumed_at, Some(at(120)));
    assert_eq!(
        resumed.deadline, e.deadline,
        "answered: the response is judged"
    );
    // S1 has no resolution target here; back to S2 it is 4 h plus the hour.
    let up = triage(
        &resumed,
        &TriageOp::SetSeverity(Severity::S1),
        "a",
        at(130),
        &p,
    )
    .unwrap()
    .after;
    assert_eq!(up.resolve_by, None);
    let down = triage(&up, &TriageOp::SetSeverity(Severity::S2), "a", at(131), &p)
        .unwrap()
        .after;
    assert_eq!(down.resolve_by, Some(at(300)));
}

#[test]
fn on_business_hours_a_pause_gives_back_business_time() {
    // S2 on business hours. t0 is Monday 17:00 in Shanghai: one business
    // hour left that day, so the 30 min target ends at 17:30.
    let mut p = policy();
    p.severities[1].clock = Hours::Business;
    let mut e = esc(S::New);
    e.deadline = p.response_deadline(e.severity, e.reported_at, 0);
    assert_eq!(e.deadline, at(30));
    // Paused at 17:10 with 20 min left, resumed Tuesday 10:00: the 110
    // min of business time it waited (50 on Monday, 60 on Tuesday) are
    // given back, so 20 min are left.
    let paused = triage(
        &e,
        &TriageOp::Pause {
            reason: "logs".into(),
        },
        "a",
        at(10),
        &p,
    )
    .unwrap()
    .after;
    let tuesday_ten = at(17 * 60);
    let r = triage(&paused, &TriageOp::Resume, "a", tuesday_ten, &p).unwrap();
    assert_eq!(r.after.paused_business_secs, 110 * 60);
    assert_eq!(
        r.after.paused_secs,
        (16 * 60 + 50) * 60,
        "the wall's count kept too"
    );
    assert_eq!(r.after.deadline, tuesday_ten + Duration::minutes(20));
    assert!(
        r.summary
            .ends_with("the response deadline moves 16h50m later"),
        "{}",
        r.summary
    );
}

#[test]
fn a_regrade_to_the_other_clock_gives_back_what_that_clock_counts() {
    use chrono::TimeZone;
    // S3 on business hours, S1 around the clock. Reported Friday 17:00 in
    // Shanghai, paused 17:10 until Monday 09:30: 80 business minutes,
    // 64 h 20 min on the wall.
    let mut p = SlaPolicy::default();
    p.severities[2].clock = Hours::Business;
    let friday = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let mut e = esc(S::New);
    e.severity = Severity::S3;
    e.reported_at = friday;
    e.deadline = p.response_deadline(Severity::S3, friday, 0);
    let paused = triage(
        &e,
        &TriageOp::Pause {
            reason: "logs".into(),
        },
        "a",
        friday + Duration::minutes(10),
        &p,
    )
    .unwrap()
    .after;
    let monday = friday + Duration::minutes(10) + Duration::minutes(64 * 60 + 20);
    let r = triage(&paused, &TriageOp::Resume, "a", monday, &p)
        .unwrap()
        .after;
    assert_eq!(
        (r.paused_business_secs, r.paused_secs),
        (80 * 60, (64 * 60 + 20) * 60)
    );
    let s1 = triage(&r, &TriageOp::SetSeverity(Severity::S1), "a", monday, &p)
        .unwrap()
        .after;
    assert_eq!(
        s1.deadline,
        friday + Duration::minutes(15) + Duration::minutes(64 * 60 + 20),
        "the wall's wait given back, not 80 minutes"
    );
    let back = triage(&s1, &TriageOp::SetSeverity(Severity::S3), "a", monday, &p)
        .unwrap()
        .after;
    assert_eq!(
        back.deadline, r.deadline,
        "and the business count back on S3"
    );
}
