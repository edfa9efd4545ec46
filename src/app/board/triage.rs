//! Triage keys on the board and in the detail view: acknowledge, start,
//! assign, re-grade, resolve, withdraw, out of scope, escalate. What the
//! rules refuse is said at once; what needs an answer asks first.

use crossterm::event::KeyEvent;

use super::state::TriageTarget;
use crate::app::dialog::{Confirm, Overlay, Picked, answer, pick};
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen, Status};
use crate::app::msg::Effect;
use crate::domain::{OutOfScopeReason, Severity, TriageOp, check_allowed};

/// What a triage key would act on: the open detail, else the selection.
pub(crate) fn target(m: &Model) -> Option<TriageTarget> {
    match &m.screen {
        Screen::Detail(d) => d.loaded.as_ref().map(|(e, _)| TriageTarget {
            id: e.id,
            ticket_no: e.ticket_no.clone(),
            title: e.title.clone(),
            severity: e.severity,
            state: e.state,
        }),
        Screen::Customer(_)
        | Screen::Pipeline
        | Screen::Requirement(_)
        | Screen::Notices
        | Screen::Ledger(_)
        | Screen::Composer(_) => None,
        Screen::Board => m.board.selected_row().map(|r| TriageTarget {
            id: r.id,
            ticket_no: r.ticket_no.clone(),
            title: r.title.clone(),
            severity: r.severity,
            state: r.state,
        }),
    }
}

pub(crate) fn on_triage_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let Some(target) = target(m) else {
        m.status = Some(Status::error("no escalation selected"));
        return Vec::new();
    };
    let op = match action {
        Action::Acknowledge => TriageOp::Acknowledge,
        Action::Start => TriageOp::Start,
        Action::AssignMe => TriageOp::Assign(m.engineer.clone()),
        Action::Resolve => TriageOp::Resolve { note: None },
        Action::Withdraw => TriageOp::Withdraw,
        Action::Severity => TriageOp::SetSeverity(target.severity),
        Action::OutOfScope => TriageOp::OutOfScope(OutOfScopeReason::BeyondService),
        Action::Escalate => TriageOp::EscalateToExperts,
        _ => return Vec::new(),
    };
    // Refuse at once what the rules refuse, rather than after a dialog.
    if let Err(e) = check_allowed(target.id, target.state, &op) {
        m.status = Some(Status::error(e.to_string()));
        return Vec::new();
    }
    match op {
        TriageOp::SetSeverity(current) => {
            let cursor = Severity::ALL
                .iter()
                .position(|s| *s == current)
                .unwrap_or(0);
            m.overlay = Some(Overlay::PickSeverity { target, cursor });
            Vec::new()
        }
        TriageOp::OutOfScope(_) => {
            m.overlay = Some(Overlay::PickReason { target, cursor: 0 });
            Vec::new()
        }
        TriageOp::Resolve { .. } | TriageOp::Withdraw | TriageOp::EscalateToExperts => {
            let question = match op {
                TriageOp::Withdraw => format!("Withdraw #{} {}?", target.id, target.ticket_no),
                TriageOp::EscalateToExperts => format!(
                    "Escalate #{} {} to R&D experts? It uses one Direct Expert Support unit.",
                    target.id, target.ticket_no
                ),
                _ => format!("Resolve #{} {}?", target.id, target.ticket_no),
            };
            m.overlay = Some(Overlay::Confirm(Confirm {
                target,
                op,
                question,
            }));
            Vec::new()
        }
        op => vec![Effect::Triage { id: target.id, op }],
    }
}

/// Keys while a triage dialog is open.
pub(crate) fn on_overlay_key(m: &mut Model, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    match overlay {
        Overlay::Confirm(c) => match answer(&key) {
            Some(true) => vec![Effect::Triage {
                id: c.target.id,
                op: c.op,
            }],
            Some(false) => {
                m.status = Some(Status::info("cancelled"));
                Vec::new()
            }
            None => {
                m.overlay = Some(Overlay::Confirm(c));
                Vec::new()
            }
        },
        Overlay::PickSeverity { target, cursor } => match pick(cursor, Severity::ALL.len(), &key) {
            Picked::Cancelled => Vec::new(),
            Picked::Chosen(i) if Severity::ALL[i] == target.severity => {
                m.status = Some(Status::info(format!(
                    "#{} stays {}",
                    target.id, target.severity
                )));
                Vec::new()
            }
            Picked::Chosen(i) => vec![Effect::Triage {
                id: target.id,
                op: TriageOp::SetSeverity(Severity::ALL[i]),
            }],
            moved => {
                let cursor = moved.cursor_or(cursor);
                m.overlay = Some(Overlay::PickSeverity { target, cursor });
                Vec::new()
            }
        },
        Overlay::PickReason { target, cursor } => {
            match pick(cursor, OutOfScopeReason::ALL.len(), &key) {
                Picked::Cancelled => Vec::new(),
                Picked::Chosen(i) => vec![Effect::Triage {
                    id: target.id,
                    op: TriageOp::OutOfScope(OutOfScopeReason::ALL[i]),
                }],
                moved => {
                    let cursor = moved.cursor_or(cursor);
                    m.overlay = Some(Overlay::PickReason { target, cursor });
                    Vec::new()
                }
            }
        }
        other => {
            m.overlay = Some(other);
            Vec::new()
        }
    }
}
