//! Marks and bulk triage against a real store: Space marks and moves
//! on, M marks what the filter shows, one question acts on all, each in
//! its own transaction, refused ones said with their reason and kept
//! marked; Esc unmarks before it clears the filter.

use crossterm::event::KeyCode;

use super::marks::BulkStep;
use crate::app::dialog::Overlay;
use crate::app::test_harness::Harness;
use crate::domain::{EscalationState, Severity, TriageOp};
use crate::store::test_support::actor;

#[test]
fn space_marks_and_one_question_acknowledges_all_with_refusals_kept() {
    let mut h = Harness::new(4);
    // T001 is answered already: acknowledging it again is refused.
    h.store
        .triage(2, &TriageOp::Acknowledge, actor(h.m.now))
        .unwrap();
    let fx = h.send(crate::app::msg::Msg::StoreChanged);
    h.run(fx);
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Char(' '));
    assert_eq!(h.m.board.marked.len(), 2);
    assert!(
        h.status().contains("2 escalations marked"),
        "{}",
        h.status()
    );
    // Marked T000 and T002 (T001 sorts after the unanswered ones); mark
    // T001 too at the bottom.
    h.key(KeyCode::Char('G'));
    h.key(KeyCode::Char(' '));
    assert_eq!(h.m.board.marked.len(), 3);

    h.key(KeyCode::Char('a'));
    assert!(matches!(
        &h.m.overlay,
        Some(Overlay::Bulk(BulkStep::Confirm { question, .. })) if question.contains("the 3 escalations marked")
    ));
    h.key(KeyCode::Char('y'));
    assert_eq!(h.state_of(1), EscalationState::Acknowledged);
    assert_eq!(h.state_of(3), EscalationState::Acknowledged);
    let Some(Overlay::Bulk(BulkStep::Summary { lines })) = &h.m.overlay else {
        panic!("a summary, not {:?}", h.m.overlay);
    };
    assert_eq!(lines[0], "acknowledge: 2 of 3 escalations done");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("✖ cannot acknowledge T001 (#2): it is acknowledged")),
        "{lines:?}"
    );
    assert_eq!(
        h.m.board.marked.keys().copied().collect::<Vec<_>>(),
        [2],
        "the refused one stays marked"
    );
    h.key(KeyCode::Enter);
    assert!(h.m.overlay.is_none());
    h.key(KeyCode::Esc);
    assert!(h.m.board.marked.is_empty());
}

#[test]
fn m_marks_what_the_filter_shows_and_a_regrade_asks_once() {
    let mut h = Harness::new(5);
    h.keys("M");
    assert_eq!(h.m.board.marked.len(), 5);
    h.keys("M");
    assert!(h.m.board.marked.is_empty(), "again: unmarks all");
    h.keys("/T004");
    h.key(KeyCode::Enter);
    h.keys("M");
    assert_eq!(h.m.board.marked.len(), 1);
    h.keys("s");
    assert!(matches!(
        h.m.overlay,
        Some(Overlay::Bulk(BulkStep::Severity { .. }))
    ));
    h.keys("1");
    h.keys("y");
    assert!(h.m.overlay.is_none(), "nothing refused: no summary");
    assert_eq!(h.store.escalation(5).unwrap().severity, Severity::S1);
    assert!(
        h.status().contains("re-grade: 1 of 1 escalation done"),
        "{}",
        h.status()
    );
    // Esc: the marks went with the step; now it clears the filter.
    h.key(KeyCode::Esc);
    assert!(h.m.filter.applied.is_none());
}

#[test]
fn withdraw_asks_why_and_snooze_how_long_once_for_all() {
    let mut h = Harness::new(3);
    h.keys("M");
    h.keys("w");
    h.key(KeyCode::Enter);
    let Some(Overlay::Bulk(BulkStep::Reason { field })) = &h.m.overlay else {
        panic!("{:?}", h.m.overlay);
    };
    assert!(field.error.as_deref().unwrap().contains("say why"));
    h.keys("duplicate of INC-4");
    h.key(KeyCode::Enter);
    h.keys("y");
    for id in 1..=3 {
        assert_eq!(h.state_of(id), EscalationState::Withdrawn);
    }
    let mut h = Harness::new(2);
    h.keys("Mz");
    h.key(KeyCode::Enter);
    h.keys("y");
    assert!(
        h.status().contains("snooze: 2 of 2 escalations done"),
        "{}",
        h.status()
    );
    assert!(h.store.escalation(1).unwrap().snoozed_until.is_some());
}
