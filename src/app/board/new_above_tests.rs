//! A new escalation that sorts above the rows on screen: seen at once when
//! the board's top was on screen, else counted ("▲ N new above") until
//! scrolled to.

use chrono::Duration;
use crossterm::event::KeyCode;

use crate::app::msg::Msg;
use crate::app::test_harness::Harness;
use crate::domain::Severity;
use crate::store::test_support::{actor, new_esc, t0};

/// An S1 reported at t0: its deadline (t0 + 15 min) is before every S3's.
fn new_s1(h: &mut Harness, no: &str) -> i64 {
    let at = t0() + Duration::minutes(29);
    let e = h
        .store
        .add_escalation(&new_esc(no, Severity::S1, t0()), actor(at))
        .unwrap();
    // As the dashboard learns of another connection's commit.
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
    e.id
}

#[test]
fn with_the_top_on_screen_a_new_first_row_is_shown_and_the_cursor_stays_on_its_row() {
    let mut h = Harness::new(30);
    h.keys("jj");
    assert_eq!(h.selected(), "T002");
    new_s1(&mut h, "URGENT");
    let b = &h.m.board;
    assert_eq!(b.scroll_top, 0, "the top stays on screen");
    assert_eq!(b.page.rows[0].ticket_no, "URGENT");
    assert_eq!(h.selected(), "T002", "the cursor follows its escalation");
    assert!(b.new_above.is_empty());
}

#[test]
fn scrolled_down_the_new_rows_above_are_counted_until_scrolled_to() {
    let mut h = Harness::new(30);
    for _ in 0..15 {
        h.key(KeyCode::Char('j'));
    }
    assert_eq!(h.selected(), "T015");
    let (top, row) = (h.m.board.scroll_top, h.m.board.selected_position());
    assert!(top > 0);
    new_s1(&mut h, "URGENT-1");
    new_s1(&mut h, "URGENT-2");
    let b = &h.m.board;
    assert_eq!(h.selected(), "T015");
    assert_eq!(
        b.selected_position() - b.scroll_top,
        row - top,
        "same screen row"
    );
    assert_eq!(b.new_above.len(), 2);

    // Moving down keeps the count; moving up to them clears it.
    h.key(KeyCode::Char('j'));
    assert_eq!(h.m.board.new_above.len(), 2);
    while h.m.board.scroll_top > 0 {
        h.key(KeyCode::Char('k'));
    }
    assert!(h.m.board.new_above.is_empty());
}

#[test]
fn home_clears_the_count() {
    let mut h = Harness::new(30);
    for _ in 0..15 {
        h.key(KeyCode::Char('j'));
    }
    new_s1(&mut h, "URGENT");
    assert_eq!(h.m.board.new_above.len(), 1);
    h.key(KeyCode::Home);
    assert!(h.m.board.new_above.is_empty());
    assert_eq!(h.selected(), "URGENT");
}

#[test]
fn a_row_that_moves_up_without_being_new_is_not_counted() {
    let mut h = Harness::new(30);
    for _ in 0..15 {
        h.key(KeyCode::Char('j'));
    }
    // T020 re-graded to S1 now sorts first: not a new escalation.
    let id =
        h.m.board
            .page
            .rows
            .iter()
            .find(|r| r.ticket_no == "T020")
            .unwrap()
            .id;
    let op = crate::domain::TriageOp::SetSeverity(Severity::S1);
    h.store
        .triage(id, &op, actor(t0() + Duration::minutes(29)))
        .unwrap();
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
    assert!(h.m.board.new_above.is_empty());
}
