//! What each key means: the one table. Dispatch, the help screen, the
//! footer's hints and the dialogs' key lines are all read from it, so
//! nothing can show a key that does nothing or hide one that does.
//!
//! Each binding says where it applies (its scope): the same letter may
//! mean one thing on the escalation board and another on the requirement
//! pipeline, and nothing at all while a dialog has the keyboard. Its
//! hints say what the footer shows for it, on which views, and in which
//! order.

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
    /// Pick the board's sort column.
    Sort,
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
    /// A question's answers.
    Yes,
    No,
    /// A picker: take the option under the cursor, or the one numbered.
    Choose,
    Number,
    /// A form: record what was typed.
    Submit,
    /// A new escalation, typed or pasted from an urgent-fault report.
    NewEscalation,
    /// A note on the escalation.
    Note,
    /// To another engineer, with a note for them.
    HandOff,
    /// An update to the customer's chat group about the escalation.
    CustomerUpdate,
    Close,
    /// Waiting on the customer: pause the clock, or resume it.
    Pause,
    Snooze,
    Handover,
    ShiftSpan,
    /// The desk's named views: pick one to filter the board by.
    Views,
    /// Mark or unmark the selected escalation for bulk triage.
    Mark,
    /// Mark everything the filter shows; again: unmark all.
    MarkAll,
    /// The command line.
    Command,
    /// To the trends screen, and back to the board.
    Trends,
    /// On the trends: the severity the charts follow.
    TrendSeverity,
    /// To the history (every escalation, closed ones too), and back.
    History,
    /// The status line's message whole, when it was cut to fit.
    FullStatus,
}

impl Action {
    /// Whether the action changes the store (or opens a form or dialog
    /// whose end does): refused at once on a read-only desk.
    pub fn writes(self) -> bool {
        use Action::*;
        matches!(
            self,
            Acknowledge
                | Start
                | Severity
                | AssignMe
                | Resolve
                | Withdraw
                | OutOfScope
                | Escalate
                | Advance
                | Reject
                | Plan
                | NewIncident
                | NewChange
                | Compose
                | Resend
                | Send
                | Discard
                | NewEscalation
                | Note
                | HandOff
                | CustomerUpdate
                | Close
                | Snooze
                | Pause
        )
    }
}

/// Where a binding applies: a set of these bits.
pub type Scope = u16;
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
/// A y/n question.
pub const CONFIRM: Scope = 16;
/// A numbered list to pick one from.
pub const PICK: Scope = 32;
/// A small form: its fields take every other key as text.
pub const FORM: Scope = 64;
/// The help overlay.
pub const HELP: Scope = 128;
/// A dialog of several lines: Enter breaks a line, so the table names
/// another key to record it.
pub const TEXT: Scope = 256;
/// The new-escalation form: like the composer, its fields take every
/// plain key.
pub const INTAKE: Scope = 512;
/// Every screen where letters are commands rather than text.
const LISTS: Scope = BOARD | PIPELINE | NOTICES;
pub const SCREENS: Scope = LISTS | COMPOSER | INTAKE;
pub const DIALOGS: Scope = CONFIRM | PICK | FORM | HELP | TEXT;

/// Where a footer hint is shown: a set of these bits, one per view.
pub type Views = u16;
pub const AT_BOARD: Views = 1;
pub const AT_DETAIL: Views = 2;
pub const AT_QUOTAS: Views = 4;
pub const AT_CUSTOMER: Views = 8;
pub const AT_PIPELINE: Views = 16;
pub const AT_REQUIREMENT: Views = 32;
pub const AT_NOTICES: Views = 64;
pub const AT_LEDGER: Views = 128;
pub const AT_COMPOSER: Views = 256;
pub const AT_INTAKE: Views = 512;
pub const AT_HANDOVER: Views = 1024;
pub const AT_TRENDS: Views = 2048;
pub const AT_HISTORY: Views = 4096;
const TRIAGE: Views = AT_BOARD | AT_DETAIL;
const STEPS: Views = AT_PIPELINE | AT_REQUIREMENT;
const READING: Views = AT_DETAIL | AT_CUSTOMER;

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [KeyCode],
    /// Pressed with Ctrl (the composer's send and discard).
    pub ctrl: bool,
    /// How help writes the keys.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
    pub hints: &'static [Hint],
}

/// A footer hint: the keys as the footer writes them, what they do, on
/// which views, and where in the line (lower first: the keys a newcomer
/// needs most come before the rest).
pub struct Hint {
    pub rank: u16,
    pub keys: &'static str,
    pub word: &'static str,
    pub at: Views,
}

const fn b(
    scope: Scope,
    keys: &'static [KeyCode],
    label: &'static str,
    action: Action,
    help: &'static str,
    hints: &'static [Hint],
) -> Binding {
    Binding {
        scope,
        keys,
        ctrl: false,
        label,
        action,
        help,
        hints,
    }
}

const fn ctrl(
    scope: Scope,
    keys: &'static [KeyCode],
    label: &'static str,
    action: Action,
    help: &'static str,
    hints: &'static [Hint],
) -> Binding {
    Binding {
        ctrl: true,
        ..b(scope, keys, label, action, help, hints)
    }
}

const fn h(rank: u16, keys: &'static str, word: &'static str, at: Views) -> Hint {
    Hint {
        rank,
        keys,
        word,
        at,
    }
}

use Action as A;
use KeyCode::{
    BackTab, Backspace, Char, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab,
    Up,
};

const DIGITS: &[KeyCode] = &[
    Char('1'),
    Char('2'),
    Char('3'),
    Char('4'),
    Char('5'),
    Char('6'),
    Char('7'),
    Char('8'),
    Char('9'),
];

/// Every key, in the order help lists them; help shows those whose scope
/// includes the screen it is opened on.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // The board, the quota pane, the detail view and the customer view.
    b(BOARD,    &[Char('j'), Down],          "j ↓",       A::Down,        "next escalation / scroll down",                        &[h(150, "j/k", "move", AT_BOARD | AT_QUOTAS | AT_HISTORY), h(170, "j/k", "scroll", READING | AT_HANDOVER | AT_TRENDS)]),
    b(BOARD,    &[Char('k'), Up],            "k ↑",       A::Up,          "previous escalation / scroll up",                      &[]),
    b(PIPELINE, &[Char('h'), Left],          "h ←",       A::LaneLeft,    "previous lane",                                        &[h(140, "h/l", "lane", AT_PIPELINE)]),
    b(PIPELINE, &[Char('l'), Right],         "l →",       A::LaneRight,   "next lane",                                            &[]),
    b(PIPELINE, &[Char('j'), Down],          "j ↓",       A::Down,        "next card in the lane / scroll down",                  &[h(160, "j/k", "card", AT_PIPELINE), h(170, "j/k", "scroll", AT_REQUIREMENT)]),
    b(PIPELINE, &[Char('k'), Up],            "k ↑",       A::Up,          "previous card in the lane / scroll up",                &[]),
    b(NOTICES,  &[Char('j'), Down],          "j ↓",       A::Down,        "next record or notice / next delivery",                &[h(0, "j/k", "move", AT_NOTICES | AT_LEDGER)]),
    b(NOTICES,  &[Char('k'), Up],            "k ↑",       A::Up,          "previous record or notice / previous delivery",        &[]),
    b(NOTICES,  &[Char('g'), Home],          "g Home",    A::Top,         "first row",                                            &[]),
    b(NOTICES,  &[Char('G'), End],           "G End",     A::Bottom,      "last row",                                             &[]),
    b(LISTS,    &[PageDown],                 "PgDn",      A::PageDown,    "one screen down",                                      &[]),
    b(LISTS,    &[PageUp],                   "PgUp",      A::PageUp,      "one screen up",                                        &[]),
    b(BOARD,    &[Char('g'), Home],          "g Home",    A::Top,         "first escalation",                                     &[]),
    b(BOARD,    &[Char('G'), End],           "G End",     A::Bottom,      "last escalation",                                      &[]),
    b(PIPELINE, &[Char('g'), Home],          "g Home",    A::Top,         "first card in the lane (the longest waiting)",         &[]),
    b(PIPELINE, &[Char('G'), End],           "G End",     A::Bottom,      "last card in the lane",                                &[]),
    b(BOARD,    &[Enter],                    "Enter",     A::Open,        "open the detail view with its history",                &[h(180, "Enter", "detail", AT_BOARD | AT_HISTORY), h(200, "Enter", "customer", AT_QUOTAS)]),
    b(PIPELINE, &[Enter],                    "Enter",     A::Open,        "open the requirement: description, plan and history",  &[h(190, "Enter", "open", AT_PIPELINE)]),
    b(BOARD,    &[Esc, Backspace],           "Esc",       A::Back,        "back to the board / clear the filter",                 &[h(130, "Esc", "back", READING | AT_HANDOVER | AT_TRENDS | AT_HISTORY)]),
    b(PIPELINE, &[Esc, Backspace, Char('q')], "Esc q",    A::Back,        "back: requirement → pipeline → board",                 &[h(130, "Esc", "back", AT_REQUIREMENT), h(250, "Esc", "board", AT_PIPELINE)]),
    b(PIPELINE, &[Char('a')],                "a",         A::Advance,     "advance to the next state (asks, naming it)",          &[h(220, "a", "advance", STEPS)]),
    b(PIPELINE, &[Char('x')],                "x",         A::Reject,      "reject (R&D's no) with a reason, once reported to R&D", &[h(230, "x", "reject", STEPS)]),
    b(PIPELINE, &[Char('R')],                "R",         A::Plan,        "record the rollout plan (date, note), once accepted",  &[h(240, "R", "plan", STEPS)]),
    b(BOARD,    &[Char('a')],                "a",         A::Acknowledge, "acknowledge: first response, stops the SLA clock",     &[h(260, "a", "ack", TRIAGE)]),
    b(BOARD,    &[Char('i')],                "i",         A::Start,       "start work (in progress)",                             &[h(270, "i", "start", TRIAGE)]),
    b(BOARD,    &[Char('s')],                "s",         A::Severity,    "re-grade severity (deadline is recomputed)",           &[h(280, "s", "severity", TRIAGE)]),
    b(BOARD,    &[Char('A')],                "A",         A::AssignMe,    "assign to me",                                         &[h(290, "A", "assign me", TRIAGE)]),
    b(BOARD,    &[Char('r')],                "r",         A::Resolve,     "resolve, writing how",                            &[h(310, "r", "resolve", TRIAGE)]),
    b(BOARD,    &[Char('w')],                "w",         A::Withdraw,    "withdraw, writing why",                           &[h(320, "w", "withdraw", TRIAGE)]),
    b(BOARD,    &[Char('o')],                "o",         A::OutOfScope,  "out of scope: pick the reason",                        &[h(330, "o", "out of scope", TRIAGE)]),
    b(BOARD,    &[Char('e')],                "e",         A::Escalate,    "escalate to R&D experts (uses an expert unit; asks)",  &[h(300, "e", "experts", TRIAGE)]),
    b(BOARD,    &[Char('c')],                "c",         A::Customer,    "the customer: subscriptions, chat group, quota use",   &[h(340, "c", "customer", TRIAGE)]),
    b(BOARD,    &[Char('C')],                "C",         A::Note,        "note on the escalation (for the desk, or the Ticket List)", &[h(394, "C", "note", TRIAGE)]),
    b(BOARD,    &[Char('u')],                "u",         A::CustomerUpdate, "update the customer: to its chat group (and by email)", &[h(393, "u", "update customer", TRIAGE)]),
    b(BOARD,    &[Char('h')],                "h",         A::HandOff,     "hand off to another engineer, with a note for them",   &[h(392, "h", "hand off", TRIAGE)]),
    b(BOARD,    &[Char('x')],                "x",         A::Close,       "close a resolved escalation (asks)",                   &[]),
    b(BOARD,    &[Char('P')],                "P",         A::Pause,       "pause: waiting on the customer (asks why); again: resume", &[h(395, "P", "pause/resume", TRIAGE)]),
    b(BOARD,    &[Char('H')],                "H",         A::Handover,    "the shift's handover: came in, answered, breached, waiting", &[]),
    b(BOARD,    &[Char('F')],                "F",         A::History,     "history: find any escalation, closed ones too, by its words", &[]),
    b(BOARD,    &[Char('T')],                "T",         A::Trends,      "trends: SLA attainment, breaches, quota use as charts", &[]),
    b(BOARD,    &[Char('t')],                "t",         A::ShiftSpan,   "span: handover 8/12/24 hours, trends 30d/12w/12m", &[h(40, "t", "8h/12h/24h", AT_HANDOVER), h(40, "t", "30d/12w/12m", AT_TRENDS)]),
    b(BOARD,    &[Char('f')],                "f",         A::TrendSeverity, "on the trends: the severity charted (all, S1 … S5)", &[h(50, "f", "severity", AT_TRENDS)]),
    b(BOARD,    &[Char('z')],                "z",         A::Snooze,      "snooze an unanswered one's alarms (asks for how long)", &[]),
    b(BOARD,    &[Char('+')],                "+",         A::NewEscalation, "new escalation: typed, or an urgent-fault report pasted in", &[h(185, "+", "new", AT_BOARD)]),
    b(BOARD,    &[Tab],                      "Tab",       A::SwitchPane,  "switch between escalations and quotas",                &[h(370, "Tab", "quotas", AT_BOARD), h(380, "Tab", "escalations", AT_QUOTAS)]),
    b(BOARD,    &[Char('/')],                "/",         A::Filter,      "filter: text sev: state: cust: kind: @who due:<1h !not",  &[h(350, "/", "filter", AT_BOARD), h(120, "/", "search", AT_HISTORY)]),
    b(BOARD,    &[Char(' ')],                "Space",     A::Mark,        "mark or unmark; then {acknowledge} {assign_me} {severity} {snooze} {withdraw} act on every marked one", &[]),
    b(BOARD,    &[Char('M')],                "M",         A::MarkAll,     "mark everything the filter shows; again: unmark all",  &[]),
    b(BOARD,    &[Char('v')],                "v",         A::Views,       "views: filter by one of the desk's named filters ([views])", &[]),
    b(BOARD,    &[Char('S')],                "S",         A::Sort,        "sort by a column (or click its title); again: reversed", &[h(375, "S", "sort", AT_BOARD)]),
    b(BOARD,    &[Char('p')],                "p",         A::Pipeline,    "the requirement pipeline: one lane per state",         &[h(210, "p", "pipeline", AT_QUOTAS), h(360, "p", "pipeline", AT_BOARD)]),
    b(PIPELINE, &[Char('p')],                "p",         A::Pipeline,    "back to the escalation board",                         &[]),
    b(BOARD,    &[Char('n')],                "n",         A::Notices,     "notices: incidents, changes and what was sent to customers", &[h(410, "n", "notices", AT_BOARD | AT_QUOTAS)]),
    // The notices screen and the delivery ledger.
    b(NOTICES,  &[Enter],                    "Enter",     A::Open,        "a notice: its delivery ledger; a record: compose a notice", &[h(10, "Enter", "ledger / compose", AT_NOTICES)]),
    b(NOTICES,  &[Char('N')],                "N",         A::NewIncident, "new incident: open it and notify in one form",         &[h(20, "N", "new incident", AT_NOTICES)]),
    b(NOTICES,  &[Char('C')],                "C",         A::NewChange,   "new platform change: plan it and notify in one form",  &[h(30, "C", "new change", AT_NOTICES)]),
    b(NOTICES,  &[Char('c')],                "c",         A::Compose,     "compose a notice about the selected record",           &[h(40, "c", "compose", AT_NOTICES)]),
    b(NOTICES,  &[Char('a')],                "a",         A::Advance,     "advance the selected record to its next state (asks)", &[h(50, "a", "advance", AT_NOTICES)]),
    b(NOTICES,  &[Char('r')],                "r",         A::Resend,      "re-send a notice's failed and dead deliveries (asks)", &[h(60, "r", "re-send failed", AT_NOTICES | AT_LEDGER)]),
    b(NOTICES,  &[Esc, Backspace, Char('q'), Char('n')], "Esc q n", A::Back, "back: ledger → notices → board",                     &[h(70, "Esc", "back", AT_NOTICES | AT_LEDGER)]),
    // The composer.
    b(COMPOSER, &[Tab, Enter],               "Tab Enter", A::NextField,   "next field, then the audience, then the preview",      &[h(80, "Tab", "next", AT_COMPOSER)]),
    b(COMPOSER, &[BackTab],                  "S-Tab",     A::PrevField,   "previous field",                                       &[]),
    b(COMPOSER, &[Down],                     "↓",         A::Down,        "next field / next customer in the audience",           &[]),
    b(COMPOSER, &[Up],                       "↑",         A::Up,          "previous field / previous customer",                   &[]),
    b(COMPOSER, &[Left],                     "←",         A::ChoiceLeft,  "previous kind, level or stage; previous toggle",       &[]),
    b(COMPOSER, &[Right],                    "→",         A::ChoiceRight, "next kind, level or stage; next toggle",               &[]),
    b(COMPOSER, &[Char(' ')],                "Space",     A::Toggle,      "toggle a channel, an impact or a customer in the audience", &[]),
    b(COMPOSER, &[Char('+')],                "+",         A::AddCustomer, "add a customer to the audience by name",               &[]),
    ctrl(COMPOSER, &[Char('s')],             "Ctrl-S",    A::Send,        "send: shows the counts and asks, then queues",         &[h(90, "Ctrl-S", "send", AT_COMPOSER)]),
    ctrl(COMPOSER, &[Char('d')],             "Ctrl-D",    A::Discard,     "discard the draft (asks)",                             &[h(100, "Ctrl-D", "discard", AT_COMPOSER)]),
    b(COMPOSER, &[Esc],                      "Esc",       A::Back,        "close; every edit is already kept as a draft",         &[h(110, "Esc", "close (draft kept)", AT_COMPOSER)]),
    b(COMPOSER, &[PageDown],                 "PgDn",      A::PageDown,    "scroll the preview down",                              &[]),
    b(COMPOSER, &[PageUp],                   "PgUp",      A::PageUp,      "scroll the preview up",                                &[]),
    b(COMPOSER, &[F(1)],                     "F1",        A::Help,        "this help",                                            &[h(120, "F1", "help", AT_COMPOSER)]),
    b(LISTS,    &[Char(':')],                ":",         A::Command,     "command line: :ack :sev S2 :goto ST-42 (Tab completes)", &[]),
    b(LISTS,    &[Char('!')],                "!",         A::FullStatus,  "the status line's message whole, when it is cut",      &[]),
    b(LISTS,    &[Char('?')],                "?",         A::Help,        "this help",                                            &[h(390, "?", "help", TRIAGE | AT_QUOTAS | AT_CUSTOMER | STEPS | AT_NOTICES | AT_LEDGER | AT_HANDOVER | AT_TRENDS | AT_HISTORY)]),
    b(BOARD,    &[Char('q')],                "q",         A::Quit,        "quit (in the detail view: back)",                      &[h(400, "q", "quit", AT_BOARD | AT_QUOTAS)]),
    // Dialogs: they have the keyboard ahead of the screen beneath.
    b(CONFIRM,  &[Char('y'), Char('Y')],     "y",         A::Yes,         "yes",                                                  &[]),
    b(CONFIRM,  &[Char('n'), Char('N'), Esc], "n Esc",    A::No,          "no",                                                   &[]),
    b(PICK,     &[Char('j'), Down],          "j",         A::Down,        "next option",                                          &[]),
    b(PICK,     &[Char('k'), Up],            "k",         A::Up,          "previous option",                                      &[]),
    b(PICK,     &[Enter],                    "Enter",     A::Choose,      "choose the option under the cursor",                   &[]),
    b(PICK,     DIGITS,                      "1-9",       A::Number,      "choose the option with that number",                   &[]),
    b(PICK,     &[Esc, Char('q')],           "Esc",       A::Back,        "cancel",                                               &[]),
    b(FORM,     &[Enter],                    "Enter",     A::Submit,      "record, or on to the next field",                      &[]),
    b(FORM,     &[Tab, BackTab, Up, Down],   "Tab",       A::NextField,   "the other field",                                      &[]),
    b(FORM,     &[Esc],                      "Esc",       A::Back,        "cancel",                                               &[]),
    b(HELP,     &[Char('j'), Down],          "j",         A::Down,        "scroll down",                                          &[]),
    b(HELP,     &[Char('k'), Up],            "k",         A::Up,          "scroll up",                                            &[]),
    b(HELP,     &[Esc, Char('q'), Char('?'), Enter, F(1)], "Esc ? q", A::Back, "close",                                         &[]),
    ctrl(TEXT,  &[Char('s')],                "Ctrl-S",    A::Submit,      "record what was written",                              &[]),
    b(TEXT,     &[Tab, BackTab],             "Tab",       A::NextField,   "to the other part of the dialog",                      &[]),
    b(TEXT,     &[Esc],                      "Esc",       A::Back,        "cancel",                                               &[]),
    // The new-escalation form.
    b(INTAKE,   &[Tab, Enter],               "Tab Enter", A::NextField,   "next field",                                           &[h(60, "Tab", "next", AT_INTAKE)]),
    b(INTAKE,   &[BackTab],                  "S-Tab",     A::PrevField,   "previous field",                                       &[]),
    b(INTAKE,   &[Down],                     "↓",         A::Down,        "next matching customer; on other fields the next field", &[]),
    b(INTAKE,   &[Up],                       "↑",         A::Up,          "previous matching customer; on other fields the previous field", &[]),
    b(INTAKE,   &[Left],                     "←",         A::ChoiceLeft,  "previous severity or kind",                            &[]),
    b(INTAKE,   &[Right],                    "→",         A::ChoiceRight, "next severity or kind",                                &[]),
    ctrl(INTAKE, &[Char('s')],               "Ctrl-S",    A::Send,        "save: the escalation is opened, with its quota use",   &[h(70, "Ctrl-S", "save", AT_INTAKE)]),
    b(INTAKE,   &[Esc],                      "Esc",       A::Back,        "close without saving",                                 &[h(80, "Esc", "cancel", AT_INTAKE)]),
    b(INTAKE,   &[F(1)],                     "F1",        A::Help,        "this help",                                            &[h(90, "F1", "help", AT_INTAKE)]),
];

/// Ctrl-C quits from anywhere, whatever has the keyboard.
pub fn is_interrupt(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('c')
}

/// Ctrl-Z suspends from anywhere: in raw mode it is a key, not SIGTSTP.
pub fn is_suspend(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('z')
}

/// What `key` means in `scope`.
pub fn action_for(key: &KeyEvent, scope: Scope) -> Option<Action> {
    // Shift is part of the character ('G'); Alt chords are not ours, and
    // Ctrl ones only where a binding asks for Ctrl.
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    bindings(scope)
        .find(|b| b.ctrl == ctrl && b.keys.contains(&key.code))
        .map(|b| b.action)
}

/// The bindings that apply in `scope`, in help order.
pub fn bindings(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scope & scope != 0)
}

/// How the keys of `action` in `scope` are written, for a dialog's line
/// of keys; empty if nothing is bound (a test makes sure it never is).
pub fn label(scope: Scope, action: Action) -> &'static str {
    bindings(scope)
        .find(|b| b.action == action)
        .map_or("", |b| b.label)
}

/// The footer's hints on the views `at`, in their order.
pub fn hints(at: Views) -> Vec<&'static Hint> {
    let mut hints: Vec<&Hint> = BINDINGS
        .iter()
        .flat_map(|b| b.hints)
        .filter(|h| h.at & at != 0)
        .collect();
    hints.sort_by_key(|h| h.rank);
    hints
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

    /// The key a hint or label names by `token` ("j", "↓", "Esc", "Ctrl-S").
    fn key_of(token: &str) -> Option<KeyEvent> {
        let plain = |c| Some(key(c, KeyModifiers::NONE));
        match token {
            "↓" => plain(Down),
            "↑" => plain(Up),
            "←" => plain(Left),
            "→" => plain(Right),
            "Esc" => plain(Esc),
            "Enter" => plain(Enter),
            "Tab" => plain(Tab),
            "S-Tab" => plain(BackTab),
            "Home" => plain(Home),
            "End" => plain(End),
            "PgDn" => plain(PageDown),
            "PgUp" => plain(PageUp),
            "Space" => plain(Char(' ')),
            "F1" => plain(F(1)),
            "1-9" => plain(Char('1')),
            t if t.starts_with("Ctrl-") => t[5..]
                .chars()
                .next()
                .map(|c| key(Char(c.to_ascii_lowercase()), KeyModifiers::CONTROL)),
            t if t.chars().count() == 1 => {
                t.chars().next().map(|c| key(Char(c), KeyModifiers::NONE))
            }
            _ => None,
        }
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
        assert_eq!(
            action_for(&key(Char('x'), KeyModifiers::NONE)),
            Some(Action::Close)
        );
        assert_eq!(
            action_for(&key(Char('z'), KeyModifiers::NONE)),
            Some(Action::Snooze)
        );
        assert_eq!(action_for(&key(Char('~'), KeyModifiers::NONE)), None);
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
            let all = SCREENS | DIALOGS;
            assert!(b.scope != 0 && b.scope & !all == 0, "{}", b.label);
        }
    }

    #[test]
    fn no_key_is_bound_twice_where_it_applies() {
        // A second binding of a key in the same scope would be listed in
        // help and never reached.
        for scope in [
            BOARD, PIPELINE, NOTICES, COMPOSER, CONFIRM, PICK, FORM, HELP,
        ] {
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
    fn every_key_help_names_does_what_help_says() {
        for b in BINDINGS {
            for token in b.label.split(' ') {
                let k = key_of(token).unwrap_or_else(|| panic!("help names '{token}'"));
                assert_eq!(
                    super::action_for(&k, b.scope),
                    Some(b.action),
                    "help's '{}' in scope {}",
                    b.label,
                    b.scope
                );
            }
        }
    }

    #[test]
    fn every_key_the_footer_names_does_something_where_it_is_shown() {
        // Which key scope each footer view reads its keys from.
        let views = [
            (
                AT_BOARD
                    | AT_QUOTAS
                    | AT_DETAIL
                    | AT_CUSTOMER
                    | AT_HANDOVER
                    | AT_TRENDS
                    | AT_HISTORY,
                BOARD,
            ),
            (AT_PIPELINE | AT_REQUIREMENT, PIPELINE),
            (AT_NOTICES | AT_LEDGER, NOTICES),
            (AT_COMPOSER, COMPOSER),
        ];
        for b in BINDINGS {
            for h in b.hints {
                for (at, scope) in views {
                    if h.at & at == 0 {
                        continue;
                    }
                    assert_ne!(
                        b.scope & scope,
                        0,
                        "the '{}' hint is shown off its scope",
                        h.keys
                    );
                    // "j/k" names two keys; "/" is one.
                    let tokens: Vec<&str> = match h.keys {
                        "/" => vec!["/"],
                        keys => keys.split('/').collect(),
                    };
                    for token in tokens {
                        let k = key_of(token).unwrap_or_else(|| panic!("footer names '{token}'"));
                        assert!(
                            super::action_for(&k, scope).is_some(),
                            "the footer's '{token}' does nothing in scope {scope}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn each_view_orders_its_hints_without_ties() {
        for at in 0..13 {
            let hints = hints(1 << at);
            let mut ranks: Vec<u16> = hints.iter().map(|h| h.rank).collect();
            ranks.dedup();
            assert_eq!(ranks.len(), hints.len(), "a tie in view {}", 1 << at);
        }
    }

    #[test]
    fn dialogs_have_the_keys_their_lines_name() {
        for (scope, action) in [
            (CONFIRM, Action::Yes),
            (CONFIRM, Action::No),
            (PICK, Action::Choose),
            (PICK, Action::Back),
            (FORM, Action::Submit),
            (FORM, Action::NextField),
            (FORM, Action::Back),
            (HELP, Action::Back),
        ] {
            assert!(!label(scope, action).is_empty(), "{action:?} in {scope}");
        }
        // Letters are text in a form.
        for c in ['y', 'n', 'q', 'j'] {
            assert_eq!(
                super::action_for(&key(Char(c), KeyModifiers::NONE), FORM),
                None
            );
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
        // On the board the same letters triage.
        assert_eq!(action_for(&plain('x')), Some(Action::Close));
        assert_eq!(action_for(&plain('h')), Some(Action::HandOff));
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
