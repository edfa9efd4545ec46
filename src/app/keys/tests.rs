use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::keymap::{AT_BOARD, AT_LEDGER, BOARD, NOTICES, SCREENS};

fn ask<'a>(screen: &'a str, action: &'a str, keys: &[&'a str], line: usize) -> Rebinding<'a> {
    Rebinding {
        screen,
        action,
        keys: keys.to_vec(),
        line,
    }
}

fn press(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn a_rebound_key_acts_and_the_old_one_does_not() {
    let map = Keymap::build([ask("board", "acknowledge", &["y"], 3)]).unwrap();
    assert_eq!(
        map.action_for(&press('y'), BOARD),
        Some(Action::Acknowledge)
    );
    assert_eq!(map.action_for(&press('a'), BOARD), None);
    // Elsewhere the same letters keep their own meaning.
    assert_eq!(map.action_for(&press('a'), NOTICES), Some(Action::Advance));
    assert_eq!(map.label(BOARD, Action::Acknowledge), "y");
    let hint = map.hints(AT_BOARD, BOARD);
    assert!(
        hint.iter().any(|(k, h)| k == "y" && h.word == "ack"),
        "{:?}",
        hint.iter().map(|h| &h.0).collect::<Vec<_>>()
    );
}

#[test]
fn several_keys_and_chords() {
    let map = Keymap::build([ask("notices", "resend", &["r", "ctrl-r"], 1)]).unwrap();
    let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(map.action_for(&ctrl_r, NOTICES), Some(Action::Resend));
    assert_eq!(map.action_for(&press('r'), NOTICES), Some(Action::Resend));
    assert_eq!(map.label(NOTICES, Action::Resend), "r Ctrl-R");
    let hints = map.hints(AT_LEDGER, NOTICES);
    assert!(
        hints
            .iter()
            .any(|(k, h)| k == "r" && h.word == "re-send failed")
    );
}

#[test]
fn the_footer_names_the_rebound_half_of_a_pair() {
    let map = Keymap::build([ask("board", "up", &["K"], 1)]).unwrap();
    let hints = map.hints(AT_BOARD, BOARD);
    assert!(hints.iter().any(|(k, h)| k == "j/K" && h.word == "move"));
}

#[test]
fn two_actions_may_trade_keys() {
    let map = Keymap::build([
        ask("board", "acknowledge", &["i"], 1),
        ask("board", "start", &["a"], 2),
    ])
    .unwrap();
    assert_eq!(
        map.action_for(&press('i'), BOARD),
        Some(Action::Acknowledge)
    );
    assert_eq!(map.action_for(&press('a'), BOARD), Some(Action::Start));
}

#[test]
fn refusals_name_the_line_and_what_is_wrong() {
    let err = |asked: Vec<Rebinding>| Keymap::build(asked).unwrap_err();
    let e = err(vec![ask("board", "acknowledge", &["i"], 7)]);
    assert_eq!(e.line, 7);
    assert!(
        e.message
            .contains("i is already start on the board (by default)"),
        "{}",
        e.message
    );
    let e = err(vec![
        ask("board", "acknowledge", &["y"], 2),
        ask("board", "start", &["y"], 3),
    ]);
    assert_eq!(e.line, 2);
    assert!(
        e.message.contains("(as the config has it)"),
        "{}",
        e.message
    );
    let e = err(vec![ask("board", "ack", &["y"], 4)]);
    assert_eq!(e.line, 4);
    assert!(
        e.message.contains("'ack' is not an action on the board"),
        "{}",
        e.message
    );
    let e = err(vec![ask("bord", "acknowledge", &["y"], 5)]);
    assert!(
        e.message.contains("'bord' is not a screen"),
        "{}",
        e.message
    );
    let e = err(vec![ask("board", "acknowledge", &["ctrl-shift-x"], 6)]);
    assert!(
        e.message.contains("'ctrl-shift-x' is not a key"),
        "{}",
        e.message
    );
    let e = err(vec![ask("composer", "send", &["s"], 1)]);
    assert!(e.message.contains("typed as text"), "{}", e.message);
    let e = err(vec![ask("board", "acknowledge", &[], 1)]);
    assert!(e.message.contains("at least one key"), "{}", e.message);
    // A dialog's keys are not the config's to change.
    let e = err(vec![ask("confirm", "yes", &["j"], 1)]);
    assert!(e.message.contains("not a screen"), "{}", e.message);
}

#[test]
fn every_action_of_every_screen_has_one_binding_and_a_word() {
    for (word, scope, _) in names::SCREENS {
        assert_eq!(scope & !SCREENS, 0, "{word}");
        let mut seen = Vec::new();
        for b in crate::app::keymap::bindings(scope) {
            let w = names::word(b.action);
            assert!(w.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{w}");
            assert!(
                !seen.contains(&w),
                "{w} bound twice on the {word}: a rebinding would miss one"
            );
            seen.push(w);
        }
    }
}

#[test]
fn on_the_board_the_rebound_key_acts_and_the_old_one_is_no_key() {
    use crate::app::test_harness::Harness;
    use crate::domain::EscalationState;
    let mut h = Harness::new(2);
    h.m.keys = Keymap::build([ask("board", "acknowledge", &["y"], 1)]).unwrap();
    h.keys("a");
    assert_eq!(h.status(), "no key a here · ? for help");
    assert_eq!(h.state_of(1), EscalationState::New);
    h.keys("y");
    assert_eq!(
        h.state_of(1),
        EscalationState::Acknowledged,
        "{}",
        h.status()
    );
}

#[test]
fn full_status_opens_the_cut_message_and_any_key_closes_it() {
    use crate::app::dialog::Overlay;
    use crate::app::model::Status;
    use crate::app::test_harness::Harness;
    let mut h = Harness::new(1);
    let long = "x".repeat(300);
    h.m.status = Some(Status::error(long.clone()));
    h.press(KeyCode::Char('!'));
    assert!(matches!(&h.m.overlay, Some(Overlay::Message { text, .. }) if *text == long));
    // Inert: j does not move the board beneath.
    h.press(KeyCode::Char('j'));
    assert!(h.m.overlay.is_none());
    assert_eq!(
        h.m.status.as_ref().map(|s| s.text.as_str()),
        Some(long.as_str())
    );
    h.m.status = None;
    h.press(KeyCode::Char('!'));
    assert!(h.m.overlay.is_none());
    assert!(
        h.status().contains("status line is empty"),
        "{}",
        h.status()
    );
}

#[test]
fn every_key_named_in_help_prose_is_an_action_there() {
    let map = Keymap::default();
    for (word, scope, _) in names::SCREENS {
        for b in crate::app::keymap::bindings(scope) {
            let text = map.prose(scope, b.help);
            assert!(!text.contains('{'), "{word}: {text}");
        }
    }
    assert_eq!(map.prose(BOARD, "{nothing} stays"), "{nothing} stays");
    assert_eq!(map.prose(BOARD, "an open { brace"), "an open { brace");
}

#[test]
fn help_prose_and_messages_name_the_rebound_keys() {
    use crate::app::test_harness::Harness;
    let map = Keymap::build([
        ask("board", "acknowledge", &["y"], 1),
        ask("board", "back", &["ctrl-g"], 2),
        ask("board", "help", &["f2"], 3),
        ask("notices", "resend", &["R"], 4),
    ])
    .unwrap();
    let mark = map.help(BOARD, Action::Mark);
    assert_eq!(
        mark,
        "mark or unmark; then y A s z w act on every marked one"
    );
    assert_eq!(map.prose(NOTICES, "({resend} queues it)"), "(R queues it)");
    let mut h = Harness::new(2);
    h.m.keys = map;
    h.keys(" ");
    assert_eq!(
        h.status(),
        "1 escalation marked: y A s z w act on all; Ctrl-G unmarks"
    );
    h.keys("Q");
    assert_eq!(h.status(), "no key Q here · F2 for help");
}

#[test]
fn the_composer_close_message_names_the_rebound_notices_keys() {
    use crate::app::test_harness::{Harness, notice_desk};
    let mut h = Harness::wide(notice_desk());
    h.m.keys = Keymap::build([ask("notices", "new_incident", &["I"], 1)]).unwrap();
    h.keys("nI");
    h.keys("Half-written");
    h.key(KeyCode::Esc);
    assert_eq!(h.status(), "closed; the draft is kept: I offers it again");
}
