//! Waiting on the customer: an open escalation is paused with a reason,
//! and the time it waits does not count against the desk.
//!
//! Only the response clock moves. A pause that starts before the first
//! response ends before it too (acknowledging a paused escalation is
//! refused), so the paused span is added to the deadline and to
//! `paused_secs` only while the response is owed; a re-grade then keeps
//! it. A pause after the response leaves the judged deadline alone: the
//! response it judged was already given.

use chrono::{DateTime, Duration, Utc};

use super::escalation::{Escalation, Pause};
use super::sla;
use super::sla_policy::SlaPolicy;

/// How long a pause may wait before the board flags it, unless the desk
/// says otherwise (`[sla] pause_flag_after`).
pub const DEFAULT_FLAG_AFTER: Duration = Duration::hours(24);

/// Marks a paused escalation wherever it is listed; the flag (the one
/// requirements waiting too long carry) marks one waiting too long.
pub const PAUSED: &str = "‖";

pub const FLAGGED: &str = "⚑";

/// How long it has waited on the customer by `now`.
pub fn waited(p: &Pause, now: DateTime<Utc>) -> Duration {
    (now - p.since).max(Duration::zero())
}

/// Waiting longer than the desk allows: the board flags it.
pub fn flagged(p: &Pause, now: DateTime<Utc>, flag_after: Duration) -> bool {
    waited(p, now) > flag_after
}

/// The clock column of a paused one: its mark and how long it has
/// waited, "‖ 2h05m", or "⚑ 1d02h" once flagged.
pub fn clock(p: &Pause, now: DateTime<Utc>, flag_after: Duration) -> String {
    let mark = if flagged(p, now, flag_after) {
        FLAGGED
    } else {
        PAUSED
    };
    format!("{mark} {}", span_text(waited(p, now)))
}

/// "waiting on the customer 2h05m", and the flag's words once it has
/// waited longer than the desk allows.
pub fn waiting_words(
    p: &Pause,
    now: DateTime<Utc>,
    flag_after: Duration,
) -> (String, Option<String>) {
    let waiting = format!("waiting on the customer {}", span_text(waited(p, now)));
    let flag = flagged(p, now, flag_after)
        .then(|| format!("{FLAGGED} longer than {}", span_text(flag_after)));
    (waiting, flag)
}

fn span_text(d: Duration) -> String {
    sla::format_span(d.num_seconds().max(0) as u64)
}

/// How late an unanswered escalation already is at `now`, if it is: a
/// pause may not hide a response already missed, so it is refused then.
pub fn overdue(
    state: super::EscalationState,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<Duration> {
    (state.awaits_response() && now > deadline).then(|| now - deadline)
}

/// `after` paused at `now`; the audit line says why and where the clock
/// stopped.
pub fn pause(after: &mut Escalation, reason: &str, now: DateTime<Utc>) -> String {
    let stopped = after
        .countdown(now)
        .map(|c| {
            format!(
                "; the response clock stops with {} left",
                sla::format_left(c.left)
            )
        })
        .unwrap_or_default();
    after.pause = Some(Pause {
        since: now,
        reason: reason.to_string(),
    });
    format!("paused, waiting on the customer: {reason}{stopped}")
}

/// Ends `after`'s pause at `now`, if it has one. The time it stood still
/// is counted on the severity's clock (business time for a severity on
/// business hours) and given back: to the response deadline while the
/// response is owed, to the resolution deadline always. Both deadlines are
/// recomputed from the report, as a re-grade does. Returns the span it
/// waited, as the wall clock tells it.
pub fn end_pause(
    after: &mut Escalation,
    now: DateTime<Utc>,
    policy: &SlaPolicy,
) -> Option<Duration> {
    let p = after.pause.take()?;
    let span = waited(&p, now);
    // Both clocks' counts are kept, so a later re-grade to a severity on
    // the other clock gives back what that clock counts.
    let wall = span.num_seconds();
    let business = policy
        .hours
        .between(&policy.calendar, p.since, p.since + span)
        .num_seconds();
    if after.state.awaits_response() {
        after.paused_secs += wall;
        after.paused_business_secs += business;
    }
    after.resolve_paused_secs += wall;
    after.resolve_paused_business_secs += business;
    let (owed, resolving) = after.paused_for(policy, after.severity);
    if after.state.awaits_response() {
        after.deadline = policy.response_deadline(after.severity, after.reported_at, owed);
    }
    if let Some(by) = after.resolve_by {
        after.resolve_by = Some(
            policy
                .resolve_by(after.severity, after.reported_at, resolving)
                .unwrap_or(by + span),
        );
    }
    after.resumed_at = Some(now);
    Some(span)
}

/// `after` resumed at `now` (it was paused: the rules checked).
pub fn resume(after: &mut Escalation, now: DateTime<Utc>, policy: &SlaPolicy) -> String {
    let owed = after.state.awaits_response();
    let before = after.deadline;
    let span = end_pause(after, now, policy).unwrap_or_default();
    let took = span_text(span);
    if owed {
        format!(
            "resumed after waiting on the customer {took}; the response deadline moves {} later",
            span_text(after.deadline - before)
        )
    } else {
        format!("resumed after waiting on the customer {took}")
    }
}

/// What an ending step adds to its audit line when it ends a pause.
pub fn ended_note(span: Option<Duration>) -> String {
    span.map(|s| format!("; it had waited on the customer {}", span_text(s)))
        .unwrap_or_default()
}

/// Reads a span as the config gives it: "30m", "4h", "2d".
pub fn parse_span(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let bad = || format!("'{s}' is not a span such as \"30m\", \"4h\" or \"2d\"");
    let unit_at = t.char_indices().last().map_or(0, |(i, _)| i);
    let (n, unit) = t.split_at(unit_at);
    let n: i64 = n.trim().parse().map_err(|_| bad())?;
    let d = match unit {
        "m" => Duration::try_minutes(n),
        "h" => Duration::try_hours(n),
        "d" => Duration::try_days(n),
        _ => None,
    }
    .ok_or_else(bad)?;
    if d <= Duration::zero() || d > Duration::days(365) {
        return Err(format!(
            "'{s}' must be more than nothing and at most 365 days"
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::super::escalation::test_support::{esc, t0, triage};
    use super::super::triage::TriageError;
    use super::super::{EscalationState as S, Severity, TriageOp};
    use super::*;

    fn pause_op(reason: &str) -> TriageOp {
        TriageOp::Pause {
            reason: reason.into(),
        }
    }

    fn at(mins: i64) -> DateTime<Utc> {
        t0() + Duration::minutes(mins)
    }

    #[test]
    fn paused_time_does_not_count_and_the_deadline_moves_on_resume() {
        // S2 reported at t0: due at +30m. Paused at +10m, resumed at +70m.
        let e = esc(S::New);
        let p = triage(&e, &pause_op("logs from the customer"), "alice", at(10)).unwrap();
        assert_eq!(
            p.summary,
            "paused, waiting on the customer: logs from the customer; \
             the response clock stops with 20m00s left"
        );
        let paused = p.after;
        assert_eq!(paused.deadline, at(30), "the deadline stays stored");
        // The clock stands still while it waits, and is never breached.
        for now in [at(10), at(31), at(500)] {
            assert_eq!(paused.countdown(now).unwrap().left, Duration::minutes(20));
            assert!(!paused.breached(now));
        }
        assert_eq!(paused.board_rank(), Some(2));
        let r = triage(&paused, &TriageOp::Resume, "bob", at(70)).unwrap();
        assert_eq!(r.after.deadline, at(90));
        assert_eq!(r.after.paused_secs, 3600);
        assert_eq!(r.after.pause, None);
        assert_eq!(r.after.board_rank(), Some(0));
        assert_eq!(
            r.after.countdown(at(70)).unwrap().left,
            Duration::minutes(20)
        );
        assert!(
            r.summary
                .starts_with("resumed after waiting on the customer 1h00m")
        );
        // Answered at the moved deadline: within the SLA.
        let ack = triage(&r.after, &TriageOp::Acknowledge, "bob", at(90)).unwrap();
        assert_eq!(ack.after.response_met, Some(true));
    }

    #[test]
    fn a_regrade_keeps_the_paused_time() {
        let e = esc(S::New);
        let p = triage(&e, &pause_op("x"), "a", at(5)).unwrap().after;
        let r = triage(&p, &TriageOp::Resume, "a", at(65)).unwrap().after;
        let g = triage(&r, &TriageOp::SetSeverity(Severity::S3), "a", at(66)).unwrap();
        assert_eq!(g.after.deadline, at(180 + 60));
        // Re-graded while paused: the new target plus what ended before.
        let p2 = triage(&g.after, &pause_op("y"), "a", at(70)).unwrap().after;
        let g2 = triage(&p2, &TriageOp::SetSeverity(Severity::S1), "a", at(80)).unwrap();
        assert_eq!(g2.after.deadline, at(15 + 60));
        assert!(
            g2.after.pause.is_some(),
            "a re-grade does not end the pause"
        );
        assert!(!g2.after.breached(at(200)));
    }

    #[test]
    fn a_pause_after_the_response_leaves_its_verdict_alone() {
        let mut e = esc(S::Acknowledged);
        e.responded_at = Some(at(20));
        e.response_met = Some(true);
        let p = triage(
            &e,
            &pause_op("waiting for a maintenance window"),
            "a",
            at(40),
        )
        .unwrap();
        assert!(!p.summary.contains("clock"), "{}", p.summary);
        let r = triage(&p.after, &TriageOp::Resume, "a", at(100)).unwrap();
        assert_eq!((r.after.deadline, r.after.paused_secs), (at(30), 0));
        assert_eq!(r.summary, "resumed after waiting on the customer 1h00m");
    }

    #[test]
    fn refusals_say_why() {
        let e = esc(S::New);
        let p = triage(&e, &pause_op("x"), "a", at(1)).unwrap().after;
        let msg = |r: Result<_, TriageError>| r.unwrap_err().to_string();
        assert_eq!(
            msg(triage(&p, &pause_op("again"), "a", at(2))),
            "T-1 (#7) is already paused"
        );
        assert_eq!(
            msg(triage(&e, &TriageOp::Resume, "a", at(2))),
            "cannot resume T-1 (#7): it is not paused"
        );
        assert_eq!(
            msg(triage(&p, &TriageOp::Acknowledge, "a", at(2))),
            "cannot acknowledge T-1 (#7): it is paused, waiting on the customer (resume it first)"
        );
        assert_eq!(
            msg(triage(&e, &pause_op("  "), "a", at(2))),
            "the reason for the pause is empty: say what the customer is to send or do"
        );
        assert_eq!(
            msg(triage(&e, &pause_op("late"), "a", at(31))),
            "cannot pause T-1 (#7): its response is 1m00s overdue; acknowledge it \
             (a pause does not undo a missed response)"
        );
        for s in [S::Resolved, S::Closed, S::Withdrawn, S::OutOfScope] {
            assert!(
                msg(triage(&esc(s), &pause_op("x"), "a", at(2)))
                    .ends_with("(only open escalations are paused)"),
                "{s}"
            );
        }
        for s in [S::Acknowledged, S::InProgress] {
            assert!(triage(&esc(s), &pause_op("x"), "a", at(2)).is_ok(), "{s}");
        }
    }

    #[test]
    fn ending_it_while_paused_ends_the_pause_in_the_history() {
        let p = triage(&esc(S::InProgress), &pause_op("x"), "a", at(0))
            .unwrap()
            .after;
        let done = triage(
            &p,
            &TriageOp::Resolve {
                resolution: Some("fixed by the customer".into()),
            },
            "a",
            at(125),
        )
        .unwrap();
        assert_eq!(done.after.pause, None);
        assert_eq!(
            done.summary,
            "resolved: fixed by the customer; it had waited on the customer 2h05m"
        );
    }

    #[test]
    fn flagged_only_after_the_desk_s_limit() {
        let p = Pause {
            since: t0(),
            reason: "x".into(),
        };
        let limit = Duration::hours(4);
        assert!(!flagged(&p, t0() + limit, limit));
        assert!(flagged(&p, t0() + limit + Duration::seconds(1), limit));
        assert_eq!(waited(&p, t0() - Duration::seconds(5)), Duration::zero());
    }

    #[test]
    fn spans_as_the_config_gives_them() {
        assert_eq!(parse_span("4h"), Ok(Duration::hours(4)));
        assert_eq!(parse_span(" 30m "), Ok(Duration::minutes(30)));
        assert_eq!(parse_span("2d"), Ok(Duration::days(2)));
        for bad in ["", "4", "h", "4x", "0h", "-1h", "400d", "4ч"] {
            assert!(parse_span(bad).is_err(), "{bad}");
        }
    }
}
