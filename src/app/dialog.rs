//! What has the keyboard ahead of the screen beneath it: help, the y/n
//! questions, the pickers and the small forms, with what each needs to
//! act once answered; and the moves every picker shares.

use crossterm::event::{KeyCode, KeyEvent};

use super::board::state::TriageTarget;
use super::field::Field;
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

/// Moves a list cursor with j/k or picks by number (1-based).
pub(crate) fn pick(cursor: usize, len: usize, key: &KeyEvent) -> (usize, Option<usize>) {
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => ((cursor + 1).min(len - 1), None),
        KeyCode::Char('k') | KeyCode::Up => (cursor.saturating_sub(1), None),
        KeyCode::Enter => (cursor, Some(cursor)),
        KeyCode::Char(c) => match c.to_digit(10) {
            Some(d) if (1..=len as u32).contains(&d) => (d as usize - 1, Some(d as usize - 1)),
            _ => (cursor, None),
        },
        _ => (cursor, None),
    }
}

pub(crate) fn is_cancel(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
}
