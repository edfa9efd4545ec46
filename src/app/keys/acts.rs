//! Where each key acts: the views of a scope differ (the customer view
//! has no triage, the ledger's Enter goes back), so help lists for a view
//! only the bindings that do something there, in that view's words.

use crate::app::keymap::{
    AT_BOARD, AT_COMPOSER, AT_CUSTOMER, AT_DETAIL, AT_HANDOVER, AT_HISTORY, AT_INTAKE, AT_LEDGER,
    AT_NOTICES, AT_PIPELINE, AT_QUOTAS, AT_REQUIREMENT, AT_TRENDS, Action, BOARD, COMPOSER, INTAKE,
    NOTICES, PIPELINE, Scope, Views,
};

use Action as A;

const MOVE: &[Action] = &[A::Down, A::Up, A::PageDown, A::PageUp, A::Top, A::Bottom];
/// On every list screen: the command line, the whole status line, help.
const EVERYWHERE: &[Action] = &[A::Command, A::FullStatus, A::Help];
const TRIAGE: &[Action] = &[
    A::Acknowledge,
    A::Start,
    A::Severity,
    A::AssignMe,
    A::Resolve,
    A::Withdraw,
    A::OutOfScope,
    A::Escalate,
    A::Note,
    A::HandOff,
    A::CustomerUpdate,
    A::Close,
    A::Pause,
    A::Snooze,
];

/// Groups of actions, so the shared ones are written once.
type Groups = &'static [&'static [Action]];

/// Each view, the scope its keys come from, and what acts there beyond
/// `EVERYWHERE`; `None`: every binding of the scope.
const VIEWS: &[(Views, Scope, Option<Groups>)] = &[
    (AT_BOARD, BOARD, None),
    (
        AT_QUOTAS,
        BOARD,
        Some(&[
            MOVE,
            &[A::Open, A::Back, A::Customer, A::SwitchPane, A::Quit],
            &[A::Pipeline, A::Notices],
        ]),
    ),
    (
        AT_DETAIL,
        BOARD,
        Some(&[MOVE, TRIAGE, &[A::Open, A::Back, A::Quit, A::Customer]]),
    ),
    (
        AT_CUSTOMER,
        BOARD,
        Some(&[MOVE, &[A::Open, A::Back, A::Quit, A::Customer]]),
    ),
    (
        AT_HANDOVER,
        BOARD,
        Some(&[MOVE, &[A::Back, A::Quit, A::Handover, A::ShiftSpan]]),
    ),
    (
        AT_TRENDS,
        BOARD,
        Some(&[
            &[A::Down, A::Up, A::Top],
            &[A::Back, A::Quit, A::Trends, A::ShiftSpan, A::TrendSeverity],
        ]),
    ),
    (
        AT_HISTORY,
        BOARD,
        Some(&[MOVE, &[A::Open, A::Back, A::Quit, A::Filter, A::History]]),
    ),
    (AT_PIPELINE, PIPELINE, None),
    (
        AT_REQUIREMENT,
        PIPELINE,
        Some(&[
            MOVE,
            &[
                A::Open,
                A::Back,
                A::Pipeline,
                A::Advance,
                A::Reject,
                A::Plan,
            ],
        ]),
    ),
    (AT_NOTICES, NOTICES, None),
    (
        AT_LEDGER,
        NOTICES,
        Some(&[MOVE, &[A::Open, A::Back, A::Quit, A::Notices, A::Resend]]),
    ),
    (AT_COMPOSER, COMPOSER, None),
    (AT_INTAKE, INTAKE, None),
];

/// Where an action's help reads differently on one view.
const WORDS: &[(Views, Action, &str)] = &[
    // Enter is a new line in the description, so it is no key of the table.
    (
        AT_INTAKE,
        A::NextField,
        "next field (in the description Enter starts a new line)",
    ),
    (AT_DETAIL, A::Open, "back to the board"),
    (AT_DETAIL, A::Quit, "back to the board"),
    (AT_DETAIL, A::Down, "scroll down"),
    (AT_DETAIL, A::Up, "scroll up"),
    (AT_CUSTOMER, A::Open, "back to the board"),
    (AT_CUSTOMER, A::Quit, "back to the board"),
    (AT_CUSTOMER, A::Customer, "back to the board"),
    (AT_CUSTOMER, A::Down, "scroll down"),
    (AT_CUSTOMER, A::Up, "scroll up"),
    (AT_HANDOVER, A::Quit, "back to the board"),
    (AT_HANDOVER, A::Handover, "back to the board"),
    (AT_HANDOVER, A::Down, "scroll down"),
    (AT_HANDOVER, A::Up, "scroll up"),
    (AT_TRENDS, A::Quit, "back to the board"),
    (AT_TRENDS, A::Trends, "back to the board"),
    (AT_TRENDS, A::Down, "next chart"),
    (AT_TRENDS, A::Up, "previous chart"),
    (AT_TRENDS, A::Top, "first chart"),
    (AT_QUOTAS, A::Down, "next customer"),
    (AT_QUOTAS, A::Up, "previous customer"),
    (
        AT_QUOTAS,
        A::Open,
        "the customer: subscriptions, chat group, quota use",
    ),
    (AT_QUOTAS, A::Top, "first customer"),
    (AT_QUOTAS, A::Bottom, "last customer"),
    (AT_DETAIL, A::Top, "to the top"),
    (AT_DETAIL, A::Bottom, "to the end"),
    (AT_CUSTOMER, A::Top, "to the top"),
    (AT_CUSTOMER, A::Bottom, "to the end"),
    (AT_HANDOVER, A::Top, "to the top"),
    (AT_HANDOVER, A::Bottom, "to the end"),
    (AT_LEDGER, A::Open, "back to the notices"),
    (AT_LEDGER, A::Quit, "back to the notices"),
    (AT_LEDGER, A::Notices, "back to the board"),
    (AT_REQUIREMENT, A::Open, "back to the pipeline"),
    (AT_HISTORY, A::Open, "open the detail of the selected one"),
    (AT_HISTORY, A::Filter, "back to the search box"),
    (AT_HISTORY, A::Quit, "back to the board"),
    (AT_HISTORY, A::History, "back to the board"),
    (AT_HISTORY, A::Top, "the newest"),
    (AT_HISTORY, A::Bottom, "the oldest"),
];

/// The scope whose keys view `at` reads.
pub fn scope_of(at: Views) -> Scope {
    VIEWS.iter().find(|v| v.0 == at).map_or(BOARD, |v| v.1)
}

/// A view as a sentence names it.
pub fn name(at: Views) -> &'static str {
    match at {
        AT_BOARD => "the board",
        AT_QUOTAS => "the quota pane",
        AT_DETAIL => "an escalation's detail",
        AT_CUSTOMER => "the customer view",
        AT_HANDOVER => "the handover",
        AT_TRENDS => "the trends",
        AT_HISTORY => "the history",
        AT_PIPELINE => "the pipeline",
        AT_REQUIREMENT => "a requirement",
        AT_NOTICES => "the notices",
        AT_LEDGER => "a notice's deliveries",
        AT_COMPOSER => "the composer",
        AT_INTAKE => "the new-escalation form",
        _ => "this screen",
    }
}

/// Whether `action` does something on view `at`.
pub fn acts(at: Views, action: Action) -> bool {
    let Some((_, scope, only)) = VIEWS.iter().find(|v| v.0 == at) else {
        return false;
    };
    let in_scope = crate::app::keymap::bindings(*scope).any(|b| b.action == action);
    in_scope
        && match only {
            None => !matches!((at, action), (AT_BOARD, A::ShiftSpan | A::TrendSeverity)),
            Some(groups) => {
                groups.iter().any(|g| g.contains(&action))
                    || (EVERYWHERE.contains(&action) && *scope & (BOARD | PIPELINE | NOTICES) != 0)
            }
        }
}

/// What help says `action` does on view `at`, when it says it in other
/// words than the key table's.
pub fn words(at: Views, action: Action) -> Option<&'static str> {
    WORDS
        .iter()
        .find(|w| w.0 == at && w.1 == action)
        .map(|w| w.2)
}

/// Every view, in the key table's order of bits.
pub fn views() -> impl Iterator<Item = Views> {
    VIEWS.iter().map(|v| v.0)
}
