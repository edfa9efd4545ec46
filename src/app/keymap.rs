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
    /// To the notices screen, and back to the board.
    Notices,
    NewIncident,
    NewChange,
    Compose,
    Resend,
    NextField,
    PrevField,
    /// A choice's previous or next option; the previous or next toggle.
    ChoiceLeft,
    ChoiceRight,
    Toggle,
    AddCustomer,
    Send,
    Discard,
}

/// Where a binding applies: a set of these bits.
pub type Scope = u8;
/// The escalation board, the quota pane, the escalation detail and the
/// customer view.
pub const BOARD: Scope = 1;
/// The requirement pipeline and a requirement's detail.
pub const PIPELINE: Scope = 2;
/// The notices screen and a notice's delivery ledger.
pub const NOTICES: Scope = 4;
/// The notice composer. Its text fields take every plain key, so only
/// the keys that are not typing (Tab, arrows, chords) reach this table
/// while one has the keyboard.
pub const COMPOSER: Scope = 8;
pub const EVERYWHERE: Scope = BOARD | PIPELINE | NOTICES | COMPOSER;
/// Every screen where letters are commands rather than text.
const LISTS: Scope = BOARD | PIPELINE | NOTICES;

pub struct Binding {
    pub keys: &'static [KeyCode],
    /// Pressed with Ctrl (the composer's send and discard).
    pub ctrl: bool,
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
        ctrl: false,
        label,
        action,
        help,
        scope,
    }
}

const fn ctrl(
    scope: Scope,
    key: &'static [KeyCode],
    label: &'static str,
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        ctrl: true,
        ..on(scope, key, label, action, help)
    }
}

use KeyCode::{
    BackTab, Backspace, Char, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab,
    Up,
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
        NOTICES,
        &[Char('j'), Down],
        "j ↓",
        Action::Down,
        "next record or notice / next delivery",
    ),
    on(
        NOTICES,
        &[Char('k'), Up],
        "k ↑",
        Action::Up,
        "previous record or notice / previous delivery",
    ),
    on(
        NOTICES,
        &[Char('g'), Home],
        "g Home",
        Action::Top,
        "first row",
    ),
    on(
        NOTICES,
        &[Char('G'), End],
        "G End",
        Action::Bottom,
        "last row",
    ),
    on(
        LISTS,
        &[PageDown],
        "PgDn",
        Action::PageDown,
        "one screen down",
    ),
    on(LISTS, &[PageUp], "PgUp", Action::PageUp, "one screen up"),
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
    bind(
        &[Char('n')],
        "n",
        Action::Notices,
        "notices: incidents, changes and what was sent to customers",
    ),
    // The notices screen and the delivery ledger.
    on(
        NOTICES,
        &[Enter],
        "Enter",
        Action::Open,
        "a notice: its delivery ledger; a record: compose a notice",
    ),
    on(
        NOTICES,
        &[Char('N')],
        "N",
        Action::NewIncident,
        "new incident: open it and notify in one form",
    ),
    on(
        NOTICES,
        &[Char('C')],
        "C",
        Action::NewChange,
        "new platform change: plan it and notify in one form",
    ),
    on(
        NOTICES,
        &[Char('c')],
        "c",
        Action::Compose,
        "compose a notice about the selected record",
    ),
    on(
        NOTICES,
        &[Char('a')],
        "a",
        Action::Advance,
        "advance the selected record to its next state (asks)",
    ),
    on(
        NOTICES,
        &[Char('r')],
        "r",
        Action::Resend,
        "re-send a notice's failed and dead deliveries (asks)",
    ),
    on(
        NOTICES,
        &[Esc, Backspace, Char('q'), Char('n')],
        "Esc q n",
        Action::Back,
        "back: ledger → notices → board",
    ),
    // The composer.
    on(
        COMPOSER,
        &[Tab, Enter],
        "Tab Enter",
        Action::NextField,
        "next field, then the audience, then the preview",
    ),
    on(
        COMPOSER,
        &[BackTab],
        "S-Tab",
        Action::PrevField,
        "previous field",
    ),
    on(
        COMPOSER,
        &[Down],
        "↓",
        Action::Down,
        "next field / next customer in the audience",
    ),
    on(
        COMPOSER,
        &[Up],
        "↑",
        Action::Up,
        "previous field / previous customer",
    ),
    on(
        COMPOSER,
        &[Left],
        "←",
        Action::ChoiceLeft,
        "previous kind, level or stage; previous toggle",
    ),
    on(
        COMPOSER,
        &[Right],
        "→",
        Action::ChoiceRight,
        "next kind, level or stage; next toggle",
    ),
    on(
        COMPOSER,
        &[Char(' ')],
        "Space",
        Action::Toggle,
        "toggle a channel, an impact or a customer in the audience",
    ),
    on(
        COMPOSER,
        &[Char('+')],
        "+",
        Action::AddCustomer,
        "add a customer to the audience by name",
    ),
    ctrl(
        COMPOSER,
        &[Char('s')],
        "Ctrl-S",
        Action::Send,
        "send: shows the counts and asks, then queues",
    ),
    ctrl(
        COMPOSER,
        &[Char('d')],
        "Ctrl-D",
        Action::Discard,
        "discard the draft (asks)",
    ),
    on(
        COMPOSER,
        &[Esc],
        "Esc",
        Action::Back,
        "close; every edit is already kept as a draft",
    ),
    on(
        COMPOSER,
        &[PageDown],
        "PgDn",
        Action::PageDown,
        "scroll the preview down",
    ),
    on(
        COMPOSER,
        &[PageUp],
        "PgUp",
        Action::PageUp,
        "scroll the preview up",
    ),
    on(COMPOSER, &[F(1)], "F1", Action::Help, "this help"),
    on(LISTS, &[Char('?')], "?", Action::Help, "this help"),
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
    // Shift is part of the character ('G'); Alt chords are not ours, and
    // Ctrl ones only where a binding asks for Ctrl.
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if key.code == Esc && !ctrl {
        return Some(Action::Back);
    }
    bindings(scope)
        .find(|b| b.ctrl == ctrl && b.keys.contains(&key.code))
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
        for scope in [BOARD, PIPELINE, NOTICES, COMPOSER] {
            let mut seen = Vec::new();
            for b in bindings(scope) {
                for k in b.keys {
                    let chord = (b.ctrl, *k);
                    assert!(!seen.contains(&chord), "{k:?} bound twice in scope {scope}");
                    seen.push(chord);
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

    #[test]
    fn notices_and_the_composer_have_their_own_keys() {
        let plain = |c| key(Char(c), KeyModifiers::NONE);
        let notices = |c| super::action_for(&plain(c), NOTICES);
        assert_eq!(action_for(&plain('n')), Some(Action::Notices));
        assert_eq!(notices('n'), Some(Action::Back));
        assert_eq!(
            super::action_for(&key(Char('N'), KeyModifiers::SHIFT), NOTICES),
            Some(Action::NewIncident)
        );
        assert_eq!(notices('c'), Some(Action::Compose));
        assert_eq!(notices('a'), Some(Action::Advance));
        assert_eq!(notices('r'), Some(Action::Resend));
        let composer = |k: KeyEvent| super::action_for(&k, COMPOSER);
        assert_eq!(
            composer(key(Char('s'), KeyModifiers::CONTROL)),
            Some(Action::Send)
        );
        // Without Ctrl, letters are text in the composer.
        assert_eq!(composer(plain('s')), None);
        assert_eq!(composer(plain('?')), None);
        assert_eq!(
            composer(key(BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevField)
        );
        assert_eq!(composer(key(F(1), KeyModifiers::NONE)), Some(Action::Help));
        // Ctrl chords stay out of the other screens.
        assert_eq!(action_for(&key(Char('s'), KeyModifiers::CONTROL)), None);
    }
}
