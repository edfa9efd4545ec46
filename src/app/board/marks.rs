//! Marks and bulk triage: `Space` marks the selected escalation, `M`
//! everything the filter shows (again: unmarks all); while some are
//! marked, acknowledge, assign to me, re-grade, snooze and withdraw act on
//! all of them after one confirmation, each in its own transaction, and a
//! summary says what was done and what was refused, with each reason.
//! Refused ones stay marked, to be looked at or tried again.

use crossterm::event::KeyEvent;

pub use super::state::BulkStep;
use crate::app::dialog::{FormKey, Overlay, Picked, answer, form_key, pick};
use crate::app::field::Field;
use crate::app::keymap::Action;
use crate::app::model::{Model, Status};
use crate::app::msg::Effect;
use crate::domain::pause::parse_span;
use crate::domain::{Severity, TriageOp};

/// "Mark all" marks at most this many: a filter matching more is
/// narrowed first, and the status says so.
pub const MARK_ALL_LIMIT: usize = 1000;

/// The actions that may act on every marked escalation.
pub(crate) fn is_bulk(action: Action) -> bool {
    matches!(
        action,
        Action::Acknowledge
            | Action::AssignMe
            | Action::Severity
            | Action::Snooze
            | Action::Withdraw
    )
}

pub(crate) fn toggle(m: &mut Model) -> Vec<Effect> {
    let Some(r) = m.board.selected_row() else {
        m.status = Some(Status::error("no escalation selected"));
        return Vec::new();
    };
    let (id, label) = (r.id, crate::domain::triage::label(&r.ticket_no, r.id));
    if m.board.marked.remove(&id).is_none() {
        m.board.marked.insert(id, label);
    }
    m.dirty = true;
    say_marked(m);
    Vec::new()
}

pub(crate) fn mark_all(m: &mut Model) -> Vec<Effect> {
    if !m.board.marked.is_empty() {
        let n = m.board.marked.len();
        m.board.marked.clear();
        m.dirty = true;
        m.status = Some(Status::info(format!("{} unmarked", count(n))));
        return Vec::new();
    }
    vec![Effect::MarkAll {
        filter: m.filter.applied.clone(),
    }]
}

pub(crate) fn marked_all(m: &mut Model, result: Result<Vec<(i64, String)>, String>) {
    m.dirty = true;
    match result {
        Ok(ids) => {
            let capped = ids.len() >= MARK_ALL_LIMIT;
            m.board.marked = ids.into_iter().collect();
            say_marked(m);
            if capped {
                m.status = Some(Status::info(format!(
                    "the first {MARK_ALL_LIMIT} marked: narrow the filter for the rest"
                )));
            }
        }
        Err(e) => m.status = Some(Status::error(format!("cannot mark: {e}"))),
    }
}

/// Unmarks all; whether any were marked (Esc on the board does this
/// before it clears the filter).
pub(crate) fn clear(m: &mut Model) -> bool {
    let any = !m.board.marked.is_empty();
    if any {
        m.board.marked.clear();
        m.dirty = true;
        m.status = Some(Status::info("marks cleared"));
    }
    any
}

pub(crate) fn count(n: usize) -> String {
    if n == 1 {
        "1 escalation".to_string()
    } else {
        format!("{n} escalations")
    }
}

fn say_marked(m: &mut Model) {
    let n = m.board.marked.len();
    m.status = Some(Status::info(if n == 0 {
        "nothing marked".to_string()
    } else {
        let keys = m.keys.prose(
            crate::app::keymap::BOARD,
            "{acknowledge} {assign_me} {severity} {snooze} {withdraw} act on all; {back} unmarks",
        );
        format!("{} marked: {keys}", count(n))
    }));
}

pub(crate) fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let n = count(m.board.marked.len());
    let step = match action {
        Action::Acknowledge => BulkStep::Confirm {
            op: TriageOp::Acknowledge,
            question: format!("Acknowledge the {n} marked? Each stops its SLA clock."),
        },
        Action::AssignMe => BulkStep::Confirm {
            op: TriageOp::Assign {
                to: m.engineer.clone(),
                note: None,
            },
            question: format!("Assign the {n} marked to {}?", m.engineer),
        },
        Action::Severity => BulkStep::Severity { cursor: 0 },
        Action::Withdraw => BulkStep::Reason {
            field: Field::default(),
        },
        Action::Snooze => BulkStep::Span {
            field: Field::with("30m"),
        },
        _ => return Vec::new(),
    };
    m.overlay = Some(Overlay::Bulk(step));
    Vec::new()
}

pub(crate) fn on_key(m: &mut Model, step: BulkStep, key: KeyEvent) -> Vec<Effect> {
    let n = count(m.board.marked.len());
    match step {
        BulkStep::Confirm { op, question } => match answer(&key) {
            Some(true) => vec![Effect::BulkTriage {
                ids: m
                    .board
                    .marked
                    .iter()
                    .map(|(i, l)| (*i, l.clone()))
                    .collect(),
                op,
            }],
            Some(false) => {
                m.status = Some(Status::info("cancelled"));
                Vec::new()
            }
            None => reopen(m, BulkStep::Confirm { op, question }),
        },
        BulkStep::Severity { cursor } => match pick(cursor, Severity::ALL.len(), &key) {
            Picked::Cancelled => Vec::new(),
            Picked::Chosen(i) => {
                let s = Severity::ALL[i];
                reopen(
                    m,
                    BulkStep::Confirm {
                        op: TriageOp::SetSeverity(s),
                        question: format!(
                            "Re-grade the {n} marked to {s}? Each deadline is recomputed."
                        ),
                    },
                )
            }
            moved => reopen(
                m,
                BulkStep::Severity {
                    cursor: moved.cursor_or(cursor),
                },
            ),
        },
        BulkStep::Reason { mut field } => match form_key(&key) {
            FormKey::Cancel => Vec::new(),
            FormKey::Submit if field.value().trim().is_empty() => {
                field.error = Some("say why they are withdrawn".into());
                reopen(m, BulkStep::Reason { field })
            }
            FormKey::Submit => {
                let reason = field.value().trim().to_string();
                reopen(
                    m,
                    BulkStep::Confirm {
                        question: format!("Withdraw the {n} marked: \"{reason}\"?"),
                        op: TriageOp::Withdraw {
                            reason: Some(reason),
                        },
                    },
                )
            }
            _ => {
                field.edit(key);
                reopen(m, BulkStep::Reason { field })
            }
        },
        BulkStep::Span { mut field } => match form_key(&key) {
            FormKey::Cancel => Vec::new(),
            FormKey::Submit => {
                let text = field.value().trim().to_string();
                let until = match text.as_str() {
                    "off" => None,
                    span => match parse_span(span) {
                        Ok(d) => Some(m.now + d),
                        Err(e) => {
                            field.error = Some(format!("{e}, or off"));
                            return reopen(m, BulkStep::Span { field });
                        }
                    },
                };
                let question = match until {
                    Some(_) => format!("Snooze the {n} marked's alarms for {text}?"),
                    None => format!("End the snooze of the {n} marked?"),
                };
                reopen(
                    m,
                    BulkStep::Confirm {
                        op: TriageOp::Snooze { until },
                        question,
                    },
                )
            }
            _ => {
                field.edit(key);
                reopen(m, BulkStep::Span { field })
            }
        },
        // Any key closes the summary.
        BulkStep::Summary { .. } => Vec::new(),
    }
}

/// Asks `question` once before `op` goes to every marked escalation.
pub(crate) fn confirm(m: &mut Model, op: TriageOp, question: String) {
    m.overlay = Some(Overlay::Bulk(BulkStep::Confirm { op, question }));
}

fn reopen(m: &mut Model, step: BulkStep) -> Vec<Effect> {
    m.overlay = Some(Overlay::Bulk(step));
    Vec::new()
}

/// The outcome: done ones unmarked, refused ones kept marked, the
/// summary shown with every refusal's reason.
pub(crate) fn triaged(
    m: &mut Model,
    verb: &str,
    done: Vec<(i64, String)>,
    refused: Vec<(i64, String, String)>,
) {
    m.dirty = true;
    for (id, _) in &done {
        m.board.marked.remove(id);
    }
    let total = done.len() + refused.len();
    let head = format!("{verb}: {} of {} done", done.len(), count(total));
    m.status = Some(if refused.is_empty() {
        Status::info(head.clone())
    } else {
        Status::error(format!("{head}; {} refused (still marked)", refused.len()))
    });
    if refused.is_empty() {
        return;
    }
    let mut lines = vec![head, String::new()];
    lines.extend(done.iter().map(|(_, l)| format!("✓ {l}")));
    // The store's reasons name their escalation already.
    lines.extend(
        refused
            .iter()
            .map(|(_, l, why)| match why.contains(l.as_str()) {
                true => format!("✖ {why}"),
                false => format!("✖ {l}: {why}"),
            }),
    );
    m.overlay = Some(Overlay::Bulk(BulkStep::Summary { lines }));
}
