//! The handover screen (`H`) on the desk's data: every section at 120x30,
//! the same at 80x24 wrapped, and a quiet shift.

use chrono::Duration;
use sredesk::domain::TriageOp;
use sredesk::store::Store;

use super::{Screen, actor, assert_screen, at, desk};

/// The desk with a pause and a hand-off written during the shift.
fn worked_desk() -> Store {
    let mut s = desk();
    s.triage(
        3,
        &TriageOp::Pause {
            reason: "OBS access logs for the bucket".into(),
        },
        actor(at(9, 30)),
    )
    .unwrap();
    s.triage(
        7,
        &TriageOp::Assign {
            to: "carol".into(),
            note: Some("consumer lag: watch the rebalancing".into()),
        },
        actor(at(9, 40)),
    )
    .unwrap();
    s
}

#[test]
fn handover_screen() {
    let mut s = Screen::new(worked_desk(), 120, 48);
    s.keys("H");
    let text = s.render();
    assert!(text.contains("Handover: the last 8 hours"), "{text}");
    assert!(text.contains("Waiting on customers (1)"), "{text}");
    assert!(text.contains("handed to carol"), "{text}");
    assert_screen!(text);
}

#[test]
fn handover_screen_narrow() {
    let mut s = Screen::new(worked_desk(), 80, 24);
    s.keys("H");
    assert_screen!(s.render());
}

#[test]
fn handover_of_a_quiet_shift() {
    let mut s = Screen::new(Store::open_in_memory().unwrap(), 100, 16);
    s.clock.set(at(10, 0) + Duration::minutes(1));
    s.keys("H");
    let text = s.render();
    assert!(text.contains("A quiet shift"), "{text}");
    assert_screen!(text);
}

/// The screen redraws every second for the header's clock; the handover
/// is laid out once per answer and width, not on every draw.
#[test]
fn handover_is_laid_out_once_per_answer_and_width() {
    let mut s = Screen::new(worked_desk(), 120, 30);
    s.keys("H");
    s.render();
    let laid = |s: &Screen| match &s.m.screen {
        sredesk::app::Screen::Handover(h) => h
            .laid
            .borrow()
            .as_ref()
            .map(|l| (l.key.1, l.lines.as_ptr() as usize)),
        _ => None,
    };
    let first = laid(&s).expect("laid out");
    s.m.now += Duration::seconds(1);
    s.render();
    assert_eq!(laid(&s), Some(first), "a tick reuses the layout");
    s.m.width = 100;
    s.render();
    assert_eq!(
        laid(&s).map(|l| l.0),
        Some(100),
        "a resize lays it out again"
    );
}
