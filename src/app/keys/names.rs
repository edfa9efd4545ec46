//! The stable words the config file names screens and actions by
//! (`[keys.board] acknowledge = "a"`). A word, once shipped, keeps its
//! meaning: configs in the field name it.

use crate::app::keymap::{Action, BOARD, COMPOSER, INTAKE, NOTICES, PIPELINE, Scope};

/// The screens whose keys a config may change, as `[keys.WORD]` names
/// them, with what help calls them. Dialogs keep their keys (y/n, Enter,
/// Esc), so every dialog reads the same on every desk.
pub const SCREENS: [(&str, Scope, &str); 5] = [
    (
        "board",
        BOARD,
        "the board, quota pane, detail, customer, handover and trends",
    ),
    (
        "pipeline",
        PIPELINE,
        "the requirement pipeline and a requirement",
    ),
    (
        "notices",
        NOTICES,
        "the notices screen and a notice's ledger",
    ),
    ("composer", COMPOSER, "the notice composer"),
    ("intake", INTAKE, "the new-escalation form"),
];

pub fn screen(word: &str) -> Option<Scope> {
    SCREENS.iter().find(|s| s.0 == word).map(|s| s.1)
}

pub fn screen_word(scope: Scope) -> &'static str {
    SCREENS.iter().find(|s| s.1 == scope).map_or("?", |s| s.0)
}

/// The config's word for `action`.
pub fn word(action: Action) -> &'static str {
    use Action::*;
    match action {
        Down => "down",
        Up => "up",
        PageDown => "page_down",
        PageUp => "page_up",
        Top => "top",
        Bottom => "bottom",
        Open => "open",
        Back => "back",
        Acknowledge => "acknowledge",
        Start => "start",
        Severity => "severity",
        AssignMe => "assign_me",
        Resolve => "resolve",
        Withdraw => "withdraw",
        OutOfScope => "out_of_scope",
        Escalate => "escalate",
        Customer => "customer",
        SwitchPane => "switch_pane",
        Filter => "filter",
        Help => "help",
        Quit => "quit",
        Pipeline => "pipeline",
        LaneLeft => "lane_left",
        LaneRight => "lane_right",
        Advance => "advance",
        Reject => "reject",
        Plan => "plan",
        Notices => "notices",
        NewIncident => "new_incident",
        NewChange => "new_change",
        Compose => "compose",
        Resend => "resend",
        NextField => "next_field",
        PrevField => "prev_field",
        ChoiceLeft => "choice_left",
        ChoiceRight => "choice_right",
        Toggle => "toggle",
        AddCustomer => "add_customer",
        Send => "send",
        Discard => "discard",
        Yes => "yes",
        No => "no",
        Choose => "choose",
        Number => "number",
        Submit => "submit",
        NewEscalation => "new_escalation",
        Note => "note",
        HandOff => "hand_off",
        CustomerUpdate => "customer_update",
        Close => "close",
        Pause => "pause",
        Snooze => "snooze",
        Handover => "handover",
        ShiftSpan => "span",
        Views => "views",
        Mark => "mark",
        MarkAll => "mark_all",
        Command => "command",
        Trends => "trends",
        TrendSeverity => "trend_severity",
        FullStatus => "full_status",
        Sort => "sort",
        History => "history",
    }
}
