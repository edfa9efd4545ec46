//! What has the keyboard ahead of the screen beneath it: help, the y/n
//! questions, the pickers and the small forms, with what each needs to
//! act once answered; and the moves every picker shares.

use crossterm::event::{KeyCode, KeyEvent};

use super::board::state::TriageTarget;
use super::field::{Field, MultiField};
use super::keymap::{self, Action, CONFIRM, FORM, PICK, TEXT};
use super::notices::state::RecordStep;
use super::pipeline::state::ReqTarget;
use crate::domain::TriageOp;
use crate::domain::notice::SubjectKind;
use crate::domain::requirement::RequirementOp;

/// Something that has the keyboard ahead of the screen beneath it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Confirm(Confirm),
    PickSeverity {
        target: TriageTarget,
        cursor: usize,
    },
    PickReason {
        target: TriageTarget,
        cursor: usize,
    },
    /// A step for every marked escalation, or its summary.
    Bulk(crate::app::board::state::BulkStep),
    /// One of the desk's named views to filter the board by.
    PickView {
        cursor: usize,
    },
    /// The column to sort the board by.
    PickSort {
        cursor: usize,
    },
    /// A pipeline step waiting for y or n.
    ConfirmStep(StepConfirm),
    /// R&D's rejection: the reason is typed here.
    Reject {
        target: ReqTarget,
        reason: Field,
    },
    /// The rollout plan pre-sales announced: date and note.
    Plan(PlanForm),
    /// An incident or change step waiting for y or n.
    ConfirmAdvance {
        step: RecordStep,
        question: String,
        title: String,
    },
    /// The counts of a notice about to be queued, waiting for y or n.
    ConfirmSend {
        lines: Vec<String>,
    },
    ConfirmDiscard,
    ConfirmResend {
        id: i64,
        question: String,
    },
    /// Drafts kept for what is being composed: resume one or start afresh.
    PickDraft(DraftPick),
    /// A customer's name for the composer's audience.
    AddCustomer {
        name: Field,
    },
    /// A note on an escalation, or the resolution or reason a step asks.
    Text(Box<TextForm>),
    /// An escalation handed to another engineer, with a note for them.
    HandOff(Box<HandOffForm>),
    /// The status line's message whole (`!`): read, then any key closes.
    Message {
        text: String,
        error: bool,
    },
}

/// What a text dialog writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextPurpose {
    Note,
    Resolve,
    Withdraw,
    /// An update to the customer's chat group (and by email).
    CustomerUpdate,
    /// Why it waits on the customer: the clock stops until it resumes.
    Pause,
    /// How long its alarms are held back ("30m", "2h"; "off" ends it).
    Snooze,
}

impl TextPurpose {
    /// The dialog's title, its question, and what the key that submits does.
    pub fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            TextPurpose::Note => (" Note ", "A note on", "add the note"),
            TextPurpose::Resolve => (" Resolve ", "How was it resolved?", "resolve"),
            TextPurpose::Withdraw => (" Withdraw ", "Why is it withdrawn?", "withdraw"),
            TextPurpose::CustomerUpdate => (
                " Update the customer ",
                "What the customer hears about",
                "queue the update",
            ),
            TextPurpose::Pause => (" Pause ", "Waiting on the customer:", "pause"),
            TextPurpose::Snooze => (
                " Snooze alarms ",
                "Hold back (30m, 2h, or off to end it) the alarms of",
                "snooze",
            ),
        }
    }

    /// Whether the dialog has a second part (Tab): a note's
    /// for-the-customer mark, an update's also-by-email.
    pub fn has_toggle(self) -> bool {
        matches!(self, TextPurpose::Note | TextPurpose::CustomerUpdate)
    }

    /// What the second part says, for those that have one.
    pub fn toggle_text(self) -> &'static str {
        match self {
            TextPurpose::CustomerUpdate => "also by email, to the customer's email contacts",
            _ => "for the customer: shown on their Ticket List",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextForm {
    pub purpose: TextPurpose,
    pub target: TriageTarget,
    pub text: MultiField,
    /// The second part's mark: a note shown on the customer's Ticket
    /// List, or an update sent by email too.
    pub marked: bool,
    /// The mark has the keyboard (else the text).
    pub on_toggle: bool,
    /// An update: what the customer's group would read, as rendered by
    /// the store worker for request `preview_seq` (or why it cannot go).
    pub preview: Option<Result<String, String>>,
    pub preview_seq: u64,
}

impl TextForm {
    pub fn new(purpose: TextPurpose, target: TriageTarget) -> TextForm {
        TextForm {
            purpose,
            target,
            text: MultiField::default(),
            marked: false,
            on_toggle: false,
            preview: None,
            preview_seq: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandOffForm {
    pub target: TriageTarget,
    /// Whom to: typed, or picked from those the store has seen.
    pub name: Field,
    pub note: Field,
    /// The note has the keyboard (else the name).
    pub on_note: bool,
    /// Engineers seen in the store, most recently active first; none
    /// until the store has answered.
    pub engineers: Vec<String>,
    /// Into the engineers that match what is typed.
    pub cursor: usize,
}

impl HandOffForm {
    /// The engineers whose names hold what is typed (all when nothing is).
    pub fn matching(&self) -> Vec<&str> {
        let typed = self.name.value().trim().to_lowercase();
        self.engineers
            .iter()
            .map(String::as_str)
            .filter(|e| typed.is_empty() || e.to_lowercase().contains(&typed))
            .collect()
    }

    /// Whom the escalation goes to: the engineer under the cursor, else
    /// the name as typed.
    pub fn chosen(&self) -> Option<String> {
        let typed = self.name.value().trim();
        let matching = self.matching();
        if let Some(e) = matching.iter().find(|e| e.eq_ignore_ascii_case(typed)) {
            return Some(e.to_string());
        }
        if let Some(e) = matching.get(self.cursor) {
            return Some(e.to_string());
        }
        (!typed.is_empty()).then(|| typed.to_string())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub target: TriageTarget,
    pub op: TriageOp,
    pub question: String,
}

/// The drafts offered when the composer opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftPick {
    pub subject: SubjectKind,
    /// The record composed about; none for a new one.
    pub about: Option<i64>,
    /// Draft ids and how each is described; choice 0 is a fresh form.
    pub choices: Vec<(i64, String)>,
    pub cursor: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepConfirm {
    pub target: ReqTarget,
    pub op: RequirementOp,
    pub question: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanForm {
    pub target: ReqTarget,
    pub date: Field,
    pub note: Field,
    /// The note has the keyboard (else the date).
    pub on_note: bool,
}

/// What a key does to a picker of `len` options, the cursor at `cursor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Picked {
    Moved(usize),
    Chosen(usize),
    Cancelled,
    Nothing,
}

impl Picked {
    /// Where the cursor is after a key that chose nothing.
    pub(crate) fn cursor_or(self, cursor: usize) -> usize {
        match self {
            Picked::Moved(to) => to,
            _ => cursor,
        }
    }
}

/// Moves a picker's cursor, or picks the option under it or by its
/// number (1-based), as the key table's picker keys say.
pub(crate) fn pick(cursor: usize, len: usize, key: &KeyEvent) -> Picked {
    let last = len.saturating_sub(1);
    match keymap::action_for(key, PICK) {
        Some(Action::Down) => Picked::Moved((cursor + 1).min(last)),
        Some(Action::Up) => Picked::Moved(cursor.saturating_sub(1)),
        Some(Action::Choose) => Picked::Chosen(cursor),
        Some(Action::Number) => match key.code {
            KeyCode::Char(c) => match c.to_digit(10) {
                Some(d) if (1..=len as u32).contains(&d) => Picked::Chosen(d as usize - 1),
                _ => Picked::Nothing,
            },
            _ => Picked::Nothing,
        },
        Some(Action::Back) => Picked::Cancelled,
        _ => Picked::Nothing,
    }
}

/// A y/n question's answer: yes, no, or (any other key) none yet.
pub(crate) fn answer(key: &KeyEvent) -> Option<bool> {
    match keymap::action_for(key, CONFIRM) {
        Some(Action::Yes) => Some(true),
        Some(Action::No) => Some(false),
        _ => None,
    }
}

/// What a key does in a small form: every key the table does not name
/// for forms is typing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FormKey {
    Submit,
    OtherField,
    Cancel,
    Typing,
}

pub(crate) fn form_key(key: &KeyEvent) -> FormKey {
    form_key_in(key, FORM)
}

/// As `form_key`, in a dialog of several lines: Enter is a line break
/// there, so the text is recorded with the key the table names.
pub(crate) fn text_key(key: &KeyEvent) -> FormKey {
    form_key_in(key, TEXT)
}

fn form_key_in(key: &KeyEvent, scope: keymap::Scope) -> FormKey {
    match keymap::action_for(key, scope) {
        Some(Action::Submit) => FormKey::Submit,
        Some(Action::NextField) => FormKey::OtherField,
        Some(Action::Back) => FormKey::Cancel,
        _ => FormKey::Typing,
    }
}
