//! Escalations waiting on the customer: the board's paused section after
//! the running ones, with the reason and time waited, flagged past the
//! desk's limit, never counted or drawn as breached; the detail's pause
//! lines; and the pause dialog.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

use sredesk::app::{Msg, update};
use sredesk::domain::TriageOp;
use sredesk::store::Store;
use sredesk::ui::Theme;

use super::{Screen, actor, assert_screen, at, desk, find};

/// The desk with two of its escalations paused: ST2611-0003 (S3,
/// unanswered) since 09:30 and ST2611-0007 (answered late, in progress)
/// since 09:50, its reason hostile.
fn paused_desk() -> Store {
    let mut s = desk();
    let pause = |reason: &str| TriageOp::Pause {
        reason: reason.into(),
    };
    s.triage(
        3,
        &pause("OBS access logs for the bucket"),
        actor(at(9, 30)),
    )
    .unwrap();
    s.triage(
        7,
        &pause("consumer group name from the customer"),
        actor(at(9, 50)),
    )
    .unwrap();
    s
}

#[test]
fn board_with_paused_section() {
    // Narrower than the side-by-side quota pane, so the board has room.
    // The desk allows 20 minutes: the header counts the one past it.
    let mut store = paused_desk();
    let mut rules = store.rules().clone();
    rules.pause_flag_after = Duration::minutes(20);
    store.set_rules(rules);
    let mut s = Screen::new(store, 140, 14);
    s.m.pause_flag_after = Duration::minutes(20);
    let text = s.render();
    assert!(
        text.contains("7 open")
            && text.contains("✖ 1 breached")
            && text.contains("4 awaiting response · ‖ 2 paused (⚑ 1 too long)"),
        "{text}"
    );
    // Paused ones come last, the longest wait first (flagged), neither
    // breached.
    let buf = s.render_with(&Theme::new(true));
    let (_, flagged) = find(&buf, "⚑ 30m00s");
    let (_, waiting) = find(&buf, "‖ 10m00s");
    let (_, answered) = find(&buf, "✓ 20m00s");
    assert!(answered < flagged && flagged < waiting, "{text}");
    let (x, y) = find(&buf, "⚑ 30m00s");
    assert!(
        !buf[(x, y)].modifier.contains(Modifier::BOLD),
        "not drawn as breached"
    );
    assert!(!text.contains("\x1b"), "the reason is made inert");
    assert_screen!(text);
}

#[test]
fn detail_of_a_paused_escalation() {
    let mut s = Screen::new(paused_desk(), 120, 30);
    s.m.pause_flag_after = Duration::minutes(20);
    // The last but one: the longest waiting of the two paused ones.
    s.keys("Gk").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("ST2611-0003"), "{text}");
    assert_screen!(text);
}

#[test]
fn pause_dialog() {
    let mut s = Screen::new(desk(), 120, 24);
    // ST2611-0003, the third row, has time left: it may be paused.
    s.keys("jjP").keys("OBS access logs");
    assert_screen!(s.render());
    // Recorded with Ctrl-S: the row moves to the paused section.
    let fx = update(
        &mut s.m,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    s.run(fx);
    let last = s.m.board.page.rows.last().unwrap();
    assert_eq!(last.ticket_no, "ST2611-0003");
    assert!(last.pause.is_some());
}
