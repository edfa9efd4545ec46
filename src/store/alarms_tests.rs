use super::super::test_support::*;
use super::*;
use crate::domain::TriageOp;

fn at(mins: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(mins)
}

/// One dashboard: its watch carried from check to check.
struct Dashboard {
    engineer: &'static str,
    watch: Option<AlarmWatch>,
    heard: std::collections::HashSet<(i64, Mark)>,
}

impl Dashboard {
    fn new(engineer: &'static str) -> Dashboard {
        Dashboard {
            engineer,
            watch: None,
            heard: Default::default(),
        }
    }

    fn check(&mut self, s: &mut Store, now: DateTime<Utc>) -> Vec<(String, Mark)> {
        let (check, watch) = s
            .ring_alarms(self.engineer, now, self.watch, &mut self.heard)
            .unwrap();
        self.watch = Some(watch);
        check
            .rung
            .into_iter()
            .map(|r| (r.ticket_no, r.mark))
            .collect()
    }
}

fn rang(ticket: &str, mark: Mark) -> Vec<(String, Mark)> {
    vec![(ticket.to_string(), mark)]
}

#[test]
fn each_mark_rings_once_as_the_clock_reaches_it() {
    each_engine("each_mark_rings_once_as_the_clock_reache", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        s.add_escalation(&new_esc("T-1", Severity::S1, t0()), actor(t0()))
            .unwrap();
        let mut d = Dashboard::new("alice");
        assert_eq!(d.check(&mut s, t0()), rang("T-1", Mark::Arrived));
        assert_eq!(d.check(&mut s, at(1)), vec![], "once");
        assert_eq!(d.check(&mut s, at(11)), vec![]);
        // A fifth of 15 minutes left: due.
        assert_eq!(d.check(&mut s, at(12)), rang("T-1", Mark::Due));
        assert_eq!(d.check(&mut s, at(15)), vec![], "at the deadline: not yet");
        assert_eq!(
            d.check(&mut s, at(15) + Duration::seconds(1)),
            rang("T-1", Mark::Breached)
        );
        assert_eq!(d.check(&mut s, at(16)), vec![]);
        assert_eq!(d.check(&mut s, at(60)), vec![]);
    });
}

#[test]
fn an_s3_arriving_rings_nothing_until_its_mark() {
    each_engine("an_s3_arriving_rings_nothing_until_its_m", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        s.add_escalation(&new_esc("T-3", Severity::S3, t0()), actor(t0()))
            .unwrap();
        let mut d = Dashboard::new("alice");
        assert_eq!(d.check(&mut s, t0()), vec![]);
        assert_eq!(d.check(&mut s, at(143)), vec![]);
        assert_eq!(d.check(&mut s, at(144)), rang("T-3", Mark::Due));
    });
}

#[test]
fn a_mark_passed_while_closed_rings_once_on_start_and_each_engineer_hears_it() {
    each_engine("a_mark_passed_while_closed_rings_once_on", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        s.add_escalation(&new_esc("T-1", Severity::S1, t0()), actor(t0()))
            .unwrap();
        let mut first = Dashboard::new("alice");
        assert_eq!(first.check(&mut s, t0()), rang("T-1", Mark::Arrived));
        // Closed; opened again 40 minutes later: due and breached both passed,
        // and the breach alone rings.
        let mut again = Dashboard::new("alice");
        assert_eq!(again.check(&mut s, at(40)), rang("T-1", Mark::Breached));
        // A second dashboard of the same engineer does not ring it again.
        let mut wall = Dashboard::new("alice");
        assert_eq!(wall.check(&mut s, at(41)), vec![]);
        // Another engineer's dashboard rings it for them.
        let mut bob = Dashboard::new("bob");
        assert_eq!(bob.check(&mut s, at(41)), rang("T-1", Mark::Breached));
    });
}

#[test]
fn a_first_look_counts_only_the_last_hour_as_new() {
    each_engine("a_first_look_counts_only_the_last_hour_a", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        s.add_escalation(&new_esc("OLD", Severity::S2, t0()), actor(t0()))
            .unwrap();
        s.add_escalation(&new_esc("NEW", Severity::S2, at(100)), actor(at(100)))
            .unwrap();
        s.triage(1, &TriageOp::Acknowledge, actor(at(5))).unwrap();
        let mut d = Dashboard::new("alice");
        assert_eq!(d.check(&mut s, at(110)), rang("NEW", Mark::Arrived));
    });
}

#[test]
fn acknowledging_silences_and_a_snooze_holds_back_until_it_ends() {
    each_engine("acknowledging_silences_and_a_snooze_hold", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        for no in ["T-1", "T-2"] {
            s.add_escalation(&new_esc(no, Severity::S1, t0()), actor(t0()))
                .unwrap();
        }
        let mut d = Dashboard::new("alice");
        assert_eq!(d.check(&mut s, t0()).len(), 2);
        s.triage(1, &TriageOp::Acknowledge, actor(at(5))).unwrap();
        s.triage(
            2,
            &TriageOp::Snooze {
                until: Some(at(30)),
            },
            actor(at(5)),
        )
        .unwrap();
        assert_eq!(d.check(&mut s, at(20)), vec![], "answered and snoozed");
        assert_eq!(d.check(&mut s, at(30) - Duration::seconds(1)), vec![]);
        assert_eq!(
            d.check(&mut s, at(30)),
            rang("T-2", Mark::Breached),
            "as the snooze ends"
        );
        let history = s.escalation_history(2).unwrap();
        assert!(
            history
                .iter()
                .any(|h| h.detail.starts_with("alarms snoozed for 25m00s, until")),
            "{history:?}"
        );
    });
}

#[test]
fn a_quiet_check_writes_nothing() {
    let mut s = store_with_customer();
    s.add_escalation(&new_esc("T-3", Severity::S3, t0()), actor(t0()))
        .unwrap();
    let mut d = Dashboard::new("alice");
    d.check(&mut s, t0());
    assert_eq!(s.alarm_watch("alice").unwrap(), None, "nothing rang yet");
    let changes = s.lite().unwrap().total_changes();
    d.check(&mut s, at(10));
    assert_eq!(s.lite().unwrap().total_changes(), changes);
    d.check(&mut s, at(144));
    assert_eq!(
        s.alarm_watch("alice").unwrap().map(|w| w.checked_at),
        Some(at(144))
    );
}

#[test]
fn snoozing_is_only_for_unanswered_ones_and_ends_on_request() {
    each_engine("snoozing_is_only_for_unanswered_ones_and", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        s.add_escalation(&new_esc("T-1", Severity::S1, t0()), actor(t0()))
            .unwrap();
        let snooze = |until| TriageOp::Snooze { until };
        assert!(
            s.triage(1, &snooze(Some(t0())), actor(t0()))
                .unwrap_err()
                .to_string()
                .contains("must end after now")
        );
        assert!(
            s.triage(1, &snooze(None), actor(t0()))
                .unwrap_err()
                .to_string()
                .contains("not snoozed")
        );
        s.triage(1, &snooze(Some(at(30))), actor(t0())).unwrap();
        s.triage(1, &snooze(None), actor(at(1))).unwrap();
        assert_eq!(s.escalation(1).unwrap().snoozed_until, None);
        s.triage(1, &TriageOp::Acknowledge, actor(at(2))).unwrap();
        let err = s
            .triage(1, &snooze(Some(at(30))), actor(at(3)))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("only unanswered escalations ring alarms"),
            "{err}"
        );
    });
}

#[test]
fn a_deadline_moved_by_a_regrade_rings_its_own_marks() {
    each_engine("a_deadline_moved_by_a_regrade_rings_its_", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        s.add_escalation(&new_esc("T-3", Severity::S3, t0()), actor(t0()))
            .unwrap();
        let mut d = Dashboard::new("alice");
        assert_eq!(d.check(&mut s, t0()), vec![]);
        // Re-graded to S1 after 30 minutes: its new deadline (t0 + 15m) is
        // already behind the last look, and rings at once.
        s.triage(1, &TriageOp::SetSeverity(Severity::S1), actor(at(30)))
            .unwrap();
        assert_eq!(d.check(&mut s, at(30)), rang("T-3", Mark::Breached));
        // Back to S3 (due at t0 + 3h): its due mark rings in its time.
        s.triage(1, &TriageOp::SetSeverity(Severity::S3), actor(at(31)))
            .unwrap();
        assert_eq!(d.check(&mut s, at(31)), vec![]);
        assert_eq!(d.check(&mut s, at(144)), rang("T-3", Mark::Due));
    });
}

#[test]
fn a_backdated_entry_and_an_ended_snooze_ring_at_once() {
    each_engine("a_backdated_entry_and_an_ended_snooze_ri", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let mut d = Dashboard::new("alice");
        assert_eq!(d.check(&mut s, at(60)), vec![]);
        // Imported an hour after it was reported: breached on arrival.
        s.add_escalation(&new_esc("OLD-3", Severity::S3, at(-200)), actor(at(61)))
            .unwrap();
        assert_eq!(d.check(&mut s, at(61)), rang("OLD-3", Mark::Breached));
        s.add_escalation(&new_esc("T-1", Severity::S1, at(61)), actor(at(61)))
            .unwrap();
        s.triage(
            2,
            &TriageOp::Snooze {
                until: Some(at(120)),
            },
            actor(at(61)),
        )
        .unwrap();
        assert_eq!(d.check(&mut s, at(62)), vec![], "snoozed on arrival");
        // Ended by hand before its time: what it held back rings.
        s.triage(2, &TriageOp::Snooze { until: None }, actor(at(80)))
            .unwrap();
        assert_eq!(d.check(&mut s, at(80)), rang("T-1", Mark::Breached));
    });
}

#[test]
fn each_look_reads_only_its_index_ranges() {
    let s = store_with_customer();
    for (index, cond) in [
        (
            "escalations_unanswered_changed",
            "e.open_rank = 0 AND e.updated_at >= 1",
        ),
        (
            "escalations_board",
            "e.open_rank = 0 AND e.deadline >= 1 AND e.deadline <= 2",
        ),
        (
            "escalations_snoozed",
            "e.snoozed_until > 1 AND e.snoozed_until <= 2 AND +e.open_rank = 0",
        ),
    ] {
        let sql = format!(
            "EXPLAIN QUERY PLAN {}",
            super::candidates(Engine::Sqlite, index, cond)
        );
        let mut stmt = s.lite().unwrap().prepare(&sql).unwrap();
        let plan: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            plan.iter().any(|p| p.contains(index) && p.contains('>')),
            "{index}: {plan:?}"
        );
    }
}
