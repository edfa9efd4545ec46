//! What each key means. One table serves both the dispatch and the help
//! screen, so the help can never list a key that does nothing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Back,
    Acknowledge,
    Start,
    Severity,
    AssignMe,
    Resolve,
    Withdraw,
    OutOfScope,
    Escalate,
    Customer,
    SwitchPane,
    Filter,
    Help,
    Quit,
}

pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the help screen writes the keys.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        help,
    }
}

use KeyCode::{Backspace, Char, Down, End, Enter, Esc, Home, PageDown, PageUp, Tab, Up};

/// Keys on the board and in the detail view, in the order help lists them.
pub const BINDINGS: &[Binding] = &[
    bind(
        &[Char('j'), Down],
        "j ↓",
        Action::Down,
        "next escalation / scroll down",
    ),
    bind(
        &[Char('k'), Up],
        "k ↑",
        Action::Up,
        "previous escalation / scroll up",
    ),
    bind(&[PageDown], "PgDn", Action::PageDown, "one screen down"),
    bind(&[PageUp], "PgUp", Action::PageUp, "one screen up"),
    bind(
        &[Char('g'), Home],
        "g Home",
        Action::Top,
        "first escalation",
    ),
    bind(
        &[Char('G'), End],
        "G End",
        Action::Bottom,
        "last escalation",
    ),
    bind(
        &[Enter],
        "Enter",
        Action::Open,
        "open the detail view with its history",
    ),
    bind(
        &[Esc, Backspace],
        "Esc",
        Action::Back,
        "back to the board / clear the filter",
    ),
    bind(
        &[Char('a')],
        "a",
        Action::Acknowledge,
        "acknowledge: first response, stops the SLA clock",
    ),
    bind(&[Char('i')], "i", Action::Start, "start work (in progress)"),
    bind(
        &[Char('s')],
        "s",
        Action::Severity,
        "re-grade severity (deadline is recomputed)",
    ),
    bind(&[Char('A')], "A", Action::AssignMe, "assign to me"),
    bind(
        &[Char('r')],
        "r",
        Action::Resolve,
        "resolve (asks to confirm)",
    ),
    bind(
        &[Char('w')],
        "w",
        Action::Withdraw,
        "withdraw (asks to confirm)",
    ),
    bind(
        &[Char('o')],
        "o",
        Action::OutOfScope,
        "out of scope: pick the reason",
    ),
    bind(
        &[Char('e')],
        "e",
        Action::Escalate,
        "escalate to R&D experts (uses an expert unit; asks)",
    ),
    bind(
        &[Char('c')],
        "c",
        Action::Customer,
        "the customer: subscriptions, chat group, quota use",
    ),
    bind(
        &[Tab],
        "Tab",
        Action::SwitchPane,
        "switch between escalations and quotas",
    ),
    bind(
        &[Char('/')],
        "/",
        Action::Filter,
        "filter by title, ticket, customer or assignee",
    ),
    bind(&[Char('?')], "?", Action::Help, "this help"),
    bind(
        &[Char('q')],
        "q",
        Action::Quit,
        "quit (in the detail view: back)",
    ),
];

/// Ctrl-C quits from anywhere, whatever has the keyboard.
pub fn is_interrupt(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('c')
}

pub fn action_for(key: &KeyEvent) -> Option<Action> {
    // Shift is part of the character ('G'); Ctrl and Alt chords are not ours.
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    if key.code == Esc {
        return Some(Action::Back);
    }
    BINDINGS
        .iter()
        .find(|b| b.keys.contains(&key.code))
        .map(|b| b.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn letters_arrows_and_shifted_letters() {
        assert_eq!(
            action_for(&key(Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(&key(Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(&key(Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(&key(Char('A'), KeyModifiers::SHIFT)),
            Some(Action::AssignMe)
        );
        assert_eq!(
            action_for(&key(Char('a'), KeyModifiers::NONE)),
            Some(Action::Acknowledge)
        );
        assert_eq!(action_for(&key(Char('x'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn control_chords_are_not_plain_keys() {
        assert_eq!(action_for(&key(Char('a'), KeyModifiers::CONTROL)), None);
        assert!(is_interrupt(&key(Char('c'), KeyModifiers::CONTROL)));
        assert!(!is_interrupt(&key(Char('c'), KeyModifiers::NONE)));
    }

    #[test]
    fn every_binding_has_keys_and_help() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty() && !b.help.is_empty() && !b.label.is_empty());
        }
    }
}
