//! The dashboard's alarms against a real store and a clock the test moves:
//! a new S1 rings once, its breach once more, the row stays lit until
//! seen, the title carries the counts, and a snooze holds it back.

use chrono::Duration;
use crossterm::event::KeyCode;

use crate::app::dialog::{Overlay, TextPurpose};
use crate::app::msg::{Effect, Msg};
use crate::app::test_harness::Harness;
use crate::domain::alarm::Mark;
use crate::domain::{Severity, TriageOp};
use crate::store::test_support::{actor, new_esc, store_with_customer, t0};

fn at(h: &mut Harness, mins: i64) {
    let now = t0() + Duration::minutes(mins);
    h.clock.set(now);
    let fx = h.send(Msg::Tick(now));
    h.run(fx);
}

/// What rang since the last look, and forget it.
fn rings(h: &mut Harness) -> Vec<String> {
    let rung = h
        .other
        .iter()
        .filter_map(|e| match e {
            Effect::Ring(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    h.other.clear();
    rung
}

/// An S1 reported at t0 + 30m, as the dashboard watches.
fn watching_an_s1() -> Harness {
    let mut h = Harness::over(store_with_customer());
    let now = t0() + Duration::minutes(30);
    h.store
        .add_escalation(&new_esc("ST-1", Severity::S1, now), actor(now))
        .unwrap();
    reload(&mut h);
    h
}

/// The harness writes on the board's own connection, which the board's
/// poll does not see: it is told, and looks for alarms at once (what rang
/// is kept for the test to read).
fn reload(h: &mut Harness) {
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
}

#[test]
fn a_new_s1_rings_once_and_its_breach_once_more() {
    let mut h = watching_an_s1();
    at(&mut h, 30);
    assert_eq!(rings(&mut h), vec!["● ST-1 new (Acme, S1)"]);
    assert_eq!(h.m.alarms.lit.get(&1), Some(&Mark::Arrived));
    assert_eq!(h.m.alarms.line.as_deref(), Some("● ST-1 new (Acme, S1)"));
    assert_eq!(h.m.status, None, "the status bar line is its own");
    for mins in [31, 32, 40] {
        at(&mut h, mins);
    }
    // 42m: 3 of 15 minutes left.
    at(&mut h, 42);
    assert_eq!(rings(&mut h), vec!["‼ ST-1 due (Acme, S1)"]);
    assert_eq!(super::title(&h.m), "sredesk ✖0 ‼1 · test.db");
    at(&mut h, 46);
    assert_eq!(rings(&mut h), vec!["✖ ST-1 breached (Acme, S1)"]);
    at(&mut h, 47);
    at(&mut h, 90);
    assert_eq!(rings(&mut h), Vec::<String>::new(), "each mark once");
    assert_eq!(super::title(&h.m), "sredesk ✖1 ‼0 · test.db");
}

#[test]
fn a_lit_row_goes_out_once_looked_at() {
    let mut h = watching_an_s1();
    h.store
        .add_escalation(
            &new_esc("ST-2", Severity::S2, t0() + Duration::minutes(30)),
            actor(t0() + Duration::minutes(30)),
        )
        .unwrap();
    reload(&mut h);
    at(&mut h, 30);
    // Each rang as the dashboard learnt of it.
    assert_eq!(
        rings(&mut h),
        vec!["● ST-1 new (Acme, S1)", "● ST-2 new (Acme, S2)"]
    );
    assert_eq!(h.m.alarms.lit.len(), 2);
    // Moving onto a row looks at it; the S1 under the cursor when it rang
    // stays lit until the cursor comes back to it.
    h.key(KeyCode::Char('j'));
    assert_eq!(h.m.alarms.lit.keys().collect::<Vec<_>>(), vec![&1]);
    h.key(KeyCode::Char('k'));
    assert!(h.m.alarms.lit.is_empty(), "{:?}", h.m.alarms.lit);
}

#[test]
fn acknowledging_silences_it() {
    let mut h = watching_an_s1();
    at(&mut h, 30);
    rings(&mut h);
    h.keys("a");
    at(&mut h, 60);
    assert_eq!(rings(&mut h), Vec::<String>::new());
}

#[test]
fn z_snoozes_its_alarms_until_the_time_asked() {
    let mut h = watching_an_s1();
    at(&mut h, 30);
    rings(&mut h);
    h.keys("z");
    match &h.m.overlay {
        Some(Overlay::Text(t)) => {
            assert_eq!(t.purpose, TextPurpose::Snooze);
            assert_eq!(t.text.text(), "30m", "the usual snooze, ready");
        }
        other => panic!("{other:?}"),
    }
    h.ctrl('s');
    assert_eq!(h.m.overlay, None);
    assert_eq!(
        h.store.escalation(1).unwrap().snoozed_until,
        Some(t0() + Duration::minutes(60))
    );
    assert!(
        h.status().contains("alarms snoozed for 30m00s"),
        "{}",
        h.status()
    );
    at(&mut h, 42);
    at(&mut h, 59);
    assert_eq!(rings(&mut h), Vec::<String>::new(), "held back");
    at(&mut h, 60);
    assert_eq!(rings(&mut h), vec!["✖ ST-1 breached (Acme, S1)"]);
    // The engineer's own outcome stays in the status bar beside it.
    assert!(
        h.status().contains("alarms snoozed for 30m00s"),
        "{}",
        h.status()
    );
    assert_eq!(
        h.m.alarms.line.as_deref(),
        Some("✖ ST-1 breached (Acme, S1)")
    );
}

#[test]
fn z_says_what_is_wrong_and_refuses_what_cannot_ring() {
    let mut h = watching_an_s1();
    h.keys("z");
    if let Some(Overlay::Text(t)) = &mut h.m.overlay {
        t.text = crate::app::field::MultiField::with("soon");
    }
    h.ctrl('s');
    match &h.m.overlay {
        Some(Overlay::Text(t)) => {
            let e = t.text.error.as_deref().unwrap();
            assert!(
                e.contains("'soon' is not a span") && e.ends_with("or off"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    h.key(KeyCode::Esc);
    h.store
        .triage(
            1,
            &TriageOp::Acknowledge,
            actor(t0() + Duration::minutes(31)),
        )
        .unwrap();
    reload(&mut h);
    h.keys("z");
    assert_eq!(h.m.overlay, None);
    assert!(
        h.status()
            .contains("only unanswered escalations ring alarms"),
        "{}",
        h.status()
    );
}
