//! What each key means. One table serves both the dispatch and the help
//! screen, so the help can never list a key that does nothing. Each
//! binding says where it applies: the same letter may mean one thing on
//! the escalation board and another on the requirement pipeline.

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
    /// To the requirement pipeline, and back to the board.
    Pipeline,
    LaneLeft,
    LaneRight,
    Advance,
    Reject,
    Plan,
}

/// Where a binding applies: a set of these bits.
pub type Scope = u8;
/// The escalation board, the quota pane, the escalation detail and the
/// customer view.
pub const BOARD: Scope = 1;
/// The requirement pipeline and a requirement's detail.
pub const PIPELINE: Scope = 2;
pub const EVERYWHERE: Scope = BOARD | PIPELINE;

pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the help screen writes the keys.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
    pub scope: Scope,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: Action,
    help: &'static str,
) -> Binding {
    on(BOARD, keys, label, action, help)
}

const fn on(
    scope: Scope,
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
        scope,
    }
}

use KeyCode::{
    Backspace, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

/// Every key, in the order help lists them; help shows those whose scope
/// includes the screen it is opened on.
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
    on(
        PIPELINE,
        &[Char('h'), Left],
        "h ←",
        Action::LaneLeft,
        "previous lane",
    ),
    on(
        PIPELINE,
        &[Char('l'), Right],
        "l →",
        Action::LaneRight,
        "next lane",
    ),
    on(
        PIPELINE,
        &[Char('j'), Down],
        "j ↓",
        Action::Down,
        "next card in the lane / scroll down",
    ),
    on(
        PIPELINE,
        &[Char('k'), Up],
        "k ↑",
        Action::Up,
        "previous card in the lane / scroll up",
    ),
    on(
        EVERYWHERE,
        &[PageDown],
        "PgDn",
        Action::PageDown,
        "one screen down",
    ),
    on(
        EVERYWHERE,
        &[PageUp],
        "PgUp",
        Action::PageUp,
        "one screen up",
    ),
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
    on(
        PIPELINE,
        &[Char('g'), Home],
        "g Home",
        Action::Top,
        "first card in the lane (the longest waiting)",
    ),
    on(
        PIPELINE,
        &[Char('G'), End],
        "G End",
        Action::Bottom,
        "last card in the lane",
    ),
    bind(
        &[Enter],
        "Enter",
        Action::Open,
        "open the detail view with its history",
    ),
    on(
        PIPELINE,
        &[Enter],
        "Enter",
        Action::Open,
        "open the requirement: description, plan and history",
    ),
    bind(
        &[Esc, Backspace],
        "Esc",
        Action::Back,
        "back to the board / clear the filter",
    ),
    on(
        PIPELINE,
        &[Esc, Backspace, Char('q')],
        "Esc q",
        Action::Back,
        "back: requirement → pipeline → board",
    ),
    on(
        PIPELINE,
        &[Char('a')],
        "a",
        Action::Advance,
        "advance to the next state (asks, naming it)",
    ),
    on(
        PIPELINE,
        &[Char('x')],
        "x",
        Action::Reject,
        "reject (R&D's no) with a reason, once reported to R&D",
    ),
    on(
        PIPELINE,
        &[Char('R')],
        "R",
        Action::Plan,
        "record the rollout plan (date, note), once accepted",
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
    bind(
        &[Char('p')],
        "p",
        Action::Pipeline,
        "the requirement pipeline: one lane per state",
    ),
    on(
        PIPELINE,
        &[Char('p')],
        "p",
        Action::Pipeline,
        "back to the escalation board",
    ),
    on(EVERYWHERE, &[Char('?')], "?", Action::Help, "this help"),
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

/// What `key` means in `scope` (one of `BOARD`, `PIPELINE`).
pub fn action_for(key: &KeyEvent, scope: Scope) -> Option<Action> {
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
    bindings(scope)
        .find(|b| b.keys.contains(&key.code))
        .map(|b| b.action)
}

/// The bindings that apply in `scope`, in help order.
pub fn bindings(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scope & scope != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn action_for(key: &KeyEvent) -> Option<Action> {
        super::action_for(key, BOARD)
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
            assert!(b.scope != 0 && b.scope & !EVERYWHERE == 0, "{}", b.label);
        }
    }

    #[test]
    fn no_key_is_bound_twice_where_it_applies() {
        // A second binding of a key in the same scope would be listed in
        // help and never reached.
        for scope in [BOARD, PIPELINE] {
            let mut seen = Vec::new();
            for b in bindings(scope) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} bound twice in scope {scope}");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn the_pipeline_gives_letters_their_own_meaning() {
        let plain = |c| key(Char(c), KeyModifiers::NONE);
        let pipe = |c| super::action_for(&plain(c), PIPELINE);
        assert_eq!(pipe('a'), Some(Action::Advance));
        assert_eq!(action_for(&plain('a')), Some(Action::Acknowledge));
        assert_eq!(pipe('x'), Some(Action::Reject));
        assert_eq!(
            super::action_for(&key(Char('R'), KeyModifiers::SHIFT), PIPELINE),
            Some(Action::Plan)
        );
        assert_eq!(pipe('h'), Some(Action::LaneLeft));
        assert_eq!(
            super::action_for(&key(Right, KeyModifiers::NONE), PIPELINE),
            Some(Action::LaneRight)
        );
        assert_eq!(pipe('q'), Some(Action::Back));
        assert_eq!(pipe('?'), Some(Action::Help));
        assert_eq!(pipe('p'), Some(Action::Pipeline));
        assert_eq!(action_for(&plain('p')), Some(Action::Pipeline));
        // Board triage keys mean nothing on the pipeline.
        for c in ['i', 's', 'A', 'w', 'o', 'e', 'r', '/'] {
            assert_eq!(pipe(c), None, "{c}");
        }
        assert_eq!(action_for(&plain('x')), None);
        assert_eq!(action_for(&plain('h')), None);
    }
}
