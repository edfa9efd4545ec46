//! The board's window, order, counts and query plans on a small store.

use super::super::board_sort::Side;
use super::super::test_plan::query_plan;
use super::super::test_support::*;
use super::*;
use crate::domain::TriageOp;
use crate::domain::tally::Tally;
use crate::store::count_at;
use chrono::Duration;

fn query(anchor: Anchor, before: usize, after: usize) -> BoardQuery {
    BoardQuery {
        filter: None,
        sort: Default::default(),
        anchor,
        before,
        after,
        now: t0() + Duration::minutes(20),
        newer_than: None,
    }
}

/// The board from the top under `text` (parsed with `@me` for alice).
pub(super) fn filtered(s: &Store, text: &str) -> BoardPage {
    let mut q = query(Anchor::Top, 0, 10);
    q.filter = crate::domain::board_filter::BoardFilter::parse(text, "alice").unwrap();
    s.board(&q).unwrap()
}

pub(super) fn ticket_nos(p: &BoardPage) -> Vec<&str> {
    p.rows.iter().map(|r| r.ticket_no.as_str()).collect()
}

/// Reported at t0: S1 (deadline +15m), S2 (+30m), S3 (+3h); one more
/// S1 reported 10 minutes later (deadline +25m); S4 acknowledged.
pub(super) fn sample() -> Store {
    sample_on(Store::open_in_memory().unwrap())
}

/// The same sample on `s`, a new store of either engine.
pub(super) fn sample_on(s: Store) -> Store {
    let mut s = subscribed_on(s, "2026-11-01");
    for (no, sev, mins) in [
        ("s3", Severity::S3, 0),
        ("s1", Severity::S1, 0),
        ("s2", Severity::S2, 0),
        ("s1-late", Severity::S1, 10),
        ("s4-ack", Severity::S4, 0),
    ] {
        let at = t0() + Duration::minutes(mins);
        s.add_escalation(&new_esc(no, sev, at), actor(at)).unwrap();
    }
    s.triage(5, &TriageOp::Acknowledge, actor(t0())).unwrap();
    s
}

#[test]
fn breached_first_then_by_time_left_then_answered() {
    each_engine("breached_first_then_by_time_left_then_an", |s| {
        let s = sample_on(s);
        let p = s.board(&query(Anchor::Top, 10, 10)).unwrap();
        assert_eq!(ticket_nos(&p), ["s1", "s1-late", "s2", "s3", "s4-ack"]);
        assert_eq!(p.total, 5);
        assert_eq!(p.anchor_index, 0);
        let c = &p.counts;
        assert_eq!((c.open, c.awaiting, c.breached.n), (5, 4, 1));
        // s1-late (25m) and s2 (30m) are within the hour; s3 is not.
        assert_eq!(c.due_within_hour, Tally::exact(2));
        assert_eq!(c.per_severity, [2, 1, 1, 1, 0]);
        // Next change: s1-late breaches at 25m + 1s.
        assert_eq!(
            c.next_change,
            Some(t0() + Duration::minutes(25) + Duration::seconds(1))
        );
    });
}

#[test]
fn window_around_a_ticket_and_at_the_bottom() {
    each_engine("window_around_a_ticket_and_at_the_bottom", |s| {
        let s = sample_on(s);
        let key = s.board(&query(Anchor::Top, 0, 10)).unwrap().rows[2]
            .key
            .clone();
        let p = s
            .board(&query(
                Anchor::Ticket {
                    id: key.id,
                    key: key.clone(),
                },
                1,
                2,
            ))
            .unwrap();
        assert_eq!(ticket_nos(&p), ["s1-late", "s2", "s3"]);
        assert_eq!((p.anchor_index, p.first_position), (1, 1));

        // At the bottom the whole window lies above the last row.
        let p = s.board(&query(Anchor::Bottom, 1, 1)).unwrap();
        assert_eq!(ticket_nos(&p), ["s3", "s4-ack"]);
        assert_eq!((p.anchor_index, p.first_position), (1, 3));
    });
}

#[test]
fn anchor_follows_a_ticket_that_moved_and_falls_to_a_neighbour_when_gone() {
    each_engine("anchor_follows_a_ticket_that_moved_and_f", |s| {
        let mut s = sample_on(s);
        let rows = s.board(&query(Anchor::Top, 0, 10)).unwrap().rows;
        let s2 = rows[2].key.clone();
        // Acknowledging moves s2 below the unanswered ones.
        s.triage(s2.id, &TriageOp::Acknowledge, actor(t0()))
            .unwrap();
        let p = s
            .board(&query(Anchor::Ticket { id: s2.id, key: s2 }, 5, 5))
            .unwrap();
        assert_eq!(p.rows[p.anchor_index].ticket_no, "s2");
        assert_eq!(p.first_position + p.anchor_index, 3);
        // Withdrawn: it leaves the board; the selection lands on the row
        // that followed it.
        let s3 = rows[3].key.clone();
        s.triage(s3.id, &TriageOp::Withdraw { reason: None }, actor(t0()))
            .unwrap();
        let p = s
            .board(&query(Anchor::Ticket { id: s3.id, key: s3 }, 5, 5))
            .unwrap();
        assert_eq!(p.rows[p.anchor_index].ticket_no, "s2");
    });
}

#[test]
fn filter_matches_title_ticket_customer_assignee_literally() {
    each_engine("filter_matches_title_ticket_customer_ass", |s| {
        let s = sample_on(s);
        let with = |text: &str| filtered(&s, text);
        assert_eq!(ticket_nos(&with("S1")), ["s1", "s1-late"]);
        assert_eq!(with("acme").total, 5);
        assert_eq!(ticket_nos(&with("alice")), ["s4-ack"]);
        assert_eq!(with("%").total, 0);
        assert_eq!(with("s_").total, 0);
        let p = with("s1-late");
        assert_eq!((p.total, p.counts.open), (1, 5));
    });
}

/// The trigger-kept totals agree with counting the rows, through
/// inserts, every kind of state change, re-grades and deletes.
#[test]
fn open_counts_match_the_rows() {
    let mut s = sample();
    s.triage(1, &TriageOp::SetSeverity(Severity::S5), actor(t0()))
        .unwrap();
    s.triage(2, &TriageOp::Withdraw { reason: None }, actor(t0()))
        .unwrap();
    s.triage(5, &TriageOp::Start, actor(t0())).unwrap();
    s.triage(5, &TriageOp::SetSeverity(Severity::S1), actor(t0()))
        .unwrap();
    s.triage(5, &TriageOp::Resolve { resolution: None }, actor(t0()))
        .unwrap();
    s.lite()
        .unwrap()
        .execute("DELETE FROM audit_log WHERE entity_id = 3", [])
        .unwrap();
    s.lite()
        .unwrap()
        .execute("DELETE FROM escalations WHERE id = 3", [])
        .unwrap();
    let mut brute = [0usize; 5];
    let mut stmt = s
        .lite().unwrap()
        .prepare("SELECT severity, COUNT(*) FROM escalations WHERE open_rank IS NOT NULL GROUP BY severity")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        brute[count_at(r, 0).unwrap() - 1] = count_at(r, 1).unwrap();
    }
    let c = s.board_counts(t0()).unwrap();
    assert_eq!(c.per_severity, brute);
    assert_eq!(c.open, brute.iter().sum::<usize>());
    assert_eq!((c.open, c.awaiting), (2, 2));
}

#[test]
fn empty_board() {
    let s = store_with_customer();
    let p = s.board(&query(Anchor::Bottom, 5, 5)).unwrap();
    assert!(p.rows.is_empty());
    assert_eq!((p.total, p.anchor_index, p.first_position), (0, 0, 0));
    assert_eq!(p.counts, BoardCounts::default());
}

#[test]
fn board_queries_walk_the_index_without_sorting() {
    let s = sample();
    let plan = |sql: &str| query_plan(&s, sql, Vec::new());
    let m = Matching::new(None, t0(), crate::store::engine::Engine::Sqlite);
    let key = BoardKey::unanswered(t0(), 0);
    let (sql, mut args) = window_sql(&m, Default::default(), Some((Side::From, &key)), false);
    args.push(Value::Integer(50));
    let window = query_plan(&s, &sql, args);
    assert!(window.contains("escalations_board_wait"), "{window}");
    assert!(!window.contains("TEMP B-TREE"), "{window}");
    let (sql, args) = scan_sql(&m, key.sort, Some((Side::Before, &key)), None);
    let position = query_plan(&s, &sql, args);
    // A seek on the row value itself, not a walk of the rank from its
    // start (the generated column visits its row: at most the capped
    // count's rows).
    assert!(
        position.contains("escalations_board_wait")
            && position.contains("(open_rank,board_wait)<(?,?)"),
        "{position}"
    );
    let breached = plan("SELECT COUNT(*) FROM escalations WHERE open_rank = 0 AND deadline < 100");
    assert!(
        breached.contains("COVERING INDEX escalations_board"),
        "{breached}"
    );
}

/// s1 (id 2, due +15m) paused at +5m; s3 (id 1) at +10m.
pub(super) fn pause_two(s: &mut Store) {
    let pause = TriageOp::Pause {
        reason: "logs".into(),
    };
    s.triage(2, &pause, actor(t0() + Duration::minutes(5)))
        .unwrap();
    s.triage(1, &pause, actor(t0() + Duration::minutes(10)))
        .unwrap();
}

/// Paused ones have their own rank after the answered ones: the window
/// pages across the edge, they follow their ticket in and out of the
/// section, and the counts keep them apart from awaiting and breached.
#[test]
fn paused_ones_come_last_and_are_never_counted_breached() {
    let mut s = sample();
    pause_two(&mut s);
    let p = s.board(&query(Anchor::Top, 10, 10)).unwrap();
    assert_eq!(ticket_nos(&p), ["s1-late", "s2", "s4-ack", "s1", "s3"]);
    assert!(p.rows[3].pause.is_some() && p.rows[0].pause.is_none());
    // At +20m s1's old deadline has passed: paused, it is not breached.
    let c = &p.counts;
    assert_eq!((c.open, c.awaiting, c.paused, c.breached.n), (5, 2, 2, 0));
    assert_eq!(c.per_severity, [2, 1, 1, 1, 0]);
    // A window across the edge between answered and paused.
    let key = p.rows[2].key.clone();
    let w = s
        .board(&query(
            Anchor::Ticket {
                id: key.id,
                key: key.clone(),
            },
            1,
            2,
        ))
        .unwrap();
    assert_eq!(ticket_nos(&w), ["s2", "s4-ack", "s1"]);
    assert_eq!((w.anchor_index, w.first_position), (1, 1));
    // Resumed, s1 goes back among the unanswered, its deadline moved by
    // the 15 minutes it waited (+15m -> +30m): not breached at +20m.
    let s1 = p.rows[3].key.clone();
    s.triage(2, &TriageOp::Resume, actor(t0() + Duration::minutes(20)))
        .unwrap();
    let p = s
        .board(&query(Anchor::Ticket { id: s1.id, key: s1 }, 5, 5))
        .unwrap();
    assert_eq!(p.rows[p.anchor_index].ticket_no, "s1");
    // Due with s2 at +30m, the lower id first.
    assert_eq!(ticket_nos(&p), ["s1-late", "s1", "s2", "s4-ack", "s3"]);
    let c = &p.counts;
    assert_eq!((c.awaiting, c.paused, c.breached.n), (3, 1, 0));
    // The window over the paused section still walks the index.
    let key = p.rows[3].key.clone();
    let (sql, mut args) = window_sql(
        &Matching::new(None, t0(), crate::store::engine::Engine::Sqlite),
        key.sort,
        Some((Side::From, &key)),
        false,
    );
    args.push(Value::Integer(50));
    assert_walks_the_board_index(&s, &sql, args);
}

/// `sql` (with `args`) reads the board index in its order, no sort.
pub(super) fn assert_walks_the_board_index(s: &Store, sql: &str, args: Vec<Value>) {
    let plan = query_plan(s, sql, args);
    assert!(
        plan.contains("escalations_board") && !plan.contains("TEMP B-TREE"),
        "{plan}"
    );
}

/// The header counts pauses waiting longer than the desk allows, and the
/// board knows when the next one will be.
#[test]
fn pauses_past_the_desks_limit_are_counted_and_their_moment_known() {
    each_engine("pauses_past_the_desks_limit_are_counted_", |s| {
        let mut s = sample_on(s);
        let mut rules = s.rules().clone();
        rules.pause_flag_after = Duration::minutes(30);
        s.set_rules(rules);
        pause_two(&mut s);
        let at = |mins: i64| t0() + Duration::minutes(mins);
        let c = s.board_counts(at(35)).unwrap();
        assert_eq!((c.paused, c.paused_flagged.n), (2, 0), "exactly 30m waited");
        assert!(
            c.next_change
                .is_some_and(|t| t <= at(35) + Duration::seconds(1)),
            "{:?}",
            c.next_change
        );
        let c = s.board_counts(at(35) + Duration::seconds(1)).unwrap();
        assert_eq!(c.paused_flagged, Tally::exact(1));
        let c = s.board_counts(at(41)).unwrap();
        assert_eq!(c.paused_flagged, Tally::exact(2));
    });
}

/// Past the cap the board's clock counts say "N+", never a wrong number;
/// `status` (the exact read) still counts them all.
#[test]
fn clock_counts_stop_past_their_cap_and_say_so() {
    each_engine("clock_counts_stop_past_their_cap_and_sa", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let cap = 3;
        // Reported an hour ago as S1 (15m): breached. S2 now (30m): due.
        for i in 0..cap + 2 {
            let late = t0() - Duration::hours(1);
            s.add_escalation(&new_esc(&format!("b{i}"), Severity::S1, late), actor(late))
                .unwrap();
        }
        for i in 0..cap {
            s.add_escalation(&new_esc(&format!("d{i}"), Severity::S2, t0()), actor(t0()))
                .unwrap();
        }
        let c = s.board_counts_upto(t0(), Some(cap)).unwrap();
        assert_eq!(c.breached, Tally::upto(cap + 1, cap));
        assert_eq!(c.breached.to_string(), "3+");
        assert_eq!(c.due_within_hour, Tally::exact(cap), "at the cap: exact");
        assert_eq!(c.open, 2 * cap + 2, "the totals are never capped");
        let exact = s.board_counts(t0()).unwrap();
        assert_eq!(exact.breached, Tally::exact(cap + 2));
    });
}
