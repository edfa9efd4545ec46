//! `P` on the board and in the detail: pause while waiting on the
//! customer (asking why), resume (asking first), and every refusal said
//! at once with nothing written.

use chrono::Duration;
use crossterm::event::KeyCode;

use crate::app::dialog::{Overlay, TextPurpose};
use crate::app::msg::Msg;
use crate::app::test_harness::Harness;
use crate::domain::TriageOp;
use crate::store::test_support::{actor, t0};

fn order(h: &Harness) -> Vec<&str> {
    h.m.board
        .page
        .rows
        .iter()
        .map(|r| r.ticket_no.as_str())
        .collect()
}

/// Moves both the harness's clock and the model's to `t0 + mins`.
fn at(h: &mut Harness, mins: i64) {
    let now = t0() + Duration::minutes(mins);
    h.clock.set(now);
    let fx = h.send(Msg::Tick(now));
    h.run(fx);
}

#[test]
fn p_asks_why_and_the_board_puts_the_paused_one_after_the_running_ones() {
    // Three S3s reported at t0, t0+1m, t0+2m; now t0+30m.
    let mut h = Harness::new(3);
    h.keys("P");
    match &h.m.overlay {
        Some(Overlay::Text(t)) => assert_eq!(t.purpose, TextPurpose::Pause),
        other => panic!("{other:?}"),
    }
    // No reason, no pause: the dialog stays and says so.
    h.ctrl('s');
    match &h.m.overlay {
        Some(Overlay::Text(t)) => assert!(
            t.text.error.as_deref().unwrap().contains("is empty"),
            "{:?}",
            t.text.error
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(h.store.escalation(1).unwrap().pause, None);
    h.keys("VPC flow logs from the customer");
    h.ctrl('s');
    assert_eq!(h.m.overlay, None);
    let e = h.store.escalation(1).unwrap();
    let p = e.pause.unwrap();
    assert_eq!(p.reason, "VPC flow logs from the customer");
    assert_eq!(p.since, t0() + Duration::minutes(30));
    assert!(
        h.status()
            .starts_with("T000 (#1) paused, waiting on the customer: VPC flow logs"),
        "{}",
        h.status()
    );
    assert_eq!(order(&h), ["T001", "T002", "T000"]);
    // As after `a`, the cursor stays where it stood: on the next one.
    assert_eq!(h.selected(), "T001");
    let c = &h.m.board.page.counts;
    assert_eq!((c.open, c.awaiting, c.paused), (3, 2, 1));
    // Its history says who paused it and why.
    let last = h.store.escalation_history(1).unwrap().pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.engineer.as_str()),
        ("pause", "alice")
    );
}

#[test]
fn p_on_a_paused_one_asks_then_resumes_and_moves_the_deadline() {
    let mut h = Harness::new(1);
    h.keys("P");
    h.keys("logs");
    h.ctrl('s');
    at(&mut h, 90);
    h.keys("P");
    match &h.m.overlay {
        Some(Overlay::Confirm(c)) => {
            assert_eq!(c.op, TriageOp::Resume);
            assert!(c.question.starts_with("Resume T000 (#1)"), "{}", c.question);
        }
        other => panic!("{other:?}"),
    }
    h.keys("n");
    assert!(h.store.escalation(1).unwrap().pause.is_some());
    h.keys("Py");
    let e = h.store.escalation(1).unwrap();
    assert_eq!(e.pause, None);
    // S3 at t0: due t0+3h; waited an hour, so due an hour later.
    assert_eq!(e.deadline, t0() + Duration::hours(4));
    assert!(
        h.status().contains(
            "resumed after waiting on the customer 1h00m; the response deadline moves 1h00m later"
        ),
        "{}",
        h.status()
    );
    assert_eq!(h.m.board.page.counts.paused, 0);
}

#[test]
fn refusals_come_at_once_without_a_dialog_and_change_nothing() {
    let mut h = Harness::new(2);
    h.keys("P");
    h.keys("logs");
    h.ctrl('s');
    // The paused one is now last; the cursor is on T001.
    h.key(KeyCode::Char('G'));
    assert_eq!(h.selected(), "T000");
    h.keys("a");
    assert_eq!(h.m.overlay, None);
    assert_eq!(
        h.status(),
        "cannot acknowledge T000 (#1): it is paused, waiting on the customer (resume it first)"
    );
    // Past its deadline unanswered, T001 cannot be paused.
    at(&mut h, 4 * 60);
    h.key(KeyCode::Char('g'));
    assert_eq!(h.selected(), "T001");
    h.keys("P");
    assert_eq!(h.m.overlay, None);
    assert!(
        h.status()
            .starts_with("cannot pause T001 (#2): its response is 59m00s overdue"),
        "{}",
        h.status()
    );
    assert_eq!(h.store.escalation(2).unwrap().pause, None);
    // Another engineer resumed T000 meanwhile; pausing it twice from a
    // stale screen is refused by the store.
    h.store
        .triage(1, &TriageOp::Resume, actor(t0() + Duration::hours(4)))
        .unwrap();
    h.store
        .triage(
            1,
            &TriageOp::Pause {
                reason: "again".into(),
            },
            actor(t0() + Duration::hours(4)),
        )
        .unwrap();
    let err = h
        .store
        .triage(
            1,
            &TriageOp::Pause {
                reason: "twice".into(),
            },
            actor(t0() + Duration::hours(4)),
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "T000 (#1) is already paused");
    assert_eq!(
        h.store.escalation(1).unwrap().pause.unwrap().reason,
        "again"
    );
}

#[test]
fn the_detail_pauses_and_resumes_the_one_it_shows() {
    let mut h = Harness::new(2);
    let fx = crate::app::detail::update::open(&mut h.m, 2);
    h.run(fx);
    h.keys("P");
    h.keys("a maintenance window from the customer");
    h.ctrl('s');
    let e = h.store.escalation(2).unwrap();
    assert_eq!(
        e.pause.map(|p| p.reason).as_deref(),
        Some("a maintenance window from the customer")
    );
    assert_eq!(h.store.escalation(1).unwrap().pause, None);
    h.keys("Py");
    assert_eq!(h.store.escalation(2).unwrap().pause, None);
}
