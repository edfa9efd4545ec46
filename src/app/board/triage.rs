//! Triage keys on the board and in the detail view: acknowledge, start,
//! assign or hand off, re-grade, note, resolve, withdraw, close, out of
//! scope, escalate. What the rules refuse is said at once; what needs an
//! answer or a text asks first, naming the customer's ticket number.

use crossterm::event::KeyEvent;

use super::state::TriageTarget;
use crate::app::dialog::{
    Confirm, FormKey, HandOffForm, Overlay, Picked, TextForm, TextPurpose, answer, form_key, pick,
    text_key,
};
use crate::app::field::Field;
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen, Status};
use crate::app::msg::Effect;
use crate::domain::note::NewNote;
use crate::domain::triage::check_note;
use crate::domain::triage::check_pause;
use crate::domain::{OutOfScopeReason, Severity, TriageOp, check_allowed};
use crate::store::Anchor;

/// What a triage key would act on: the open detail, else the selection.
pub(crate) fn target(m: &Model) -> Option<TriageTarget> {
    match &m.screen {
        Screen::Detail(d) => d
            .loaded
            .as_ref()
            .map(|f| &f.escalation)
            .map(|e| TriageTarget {
                id: e.id,
                ticket_no: e.ticket_no.clone(),
                customer: e.customer.clone(),
                title: e.title.clone(),
                severity: e.severity,
                state: e.state,
                paused: e.pause.is_some(),
                deadline: e.deadline,
            }),
        Screen::Customer(_)
        | Screen::Handover(_)
        | Screen::Trends(_)
        | Screen::Pipeline
        | Screen::Requirement(_)
        | Screen::Notices
        | Screen::Ledger(_)
        | Screen::Intake(_)
        | Screen::History(_)
        | Screen::Composer(_) => None,
        Screen::Board => m.board.selected_row().map(|r| TriageTarget {
            id: r.id,
            ticket_no: r.ticket_no.clone(),
            customer: r.customer.clone(),
            title: r.title.clone(),
            severity: r.severity,
            state: r.state,
            paused: r.pause.is_some(),
            deadline: r.deadline,
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
        Action::AssignMe => TriageOp::Assign {
            to: m.engineer.clone(),
            note: None,
        },
        Action::HandOff => TriageOp::Assign {
            to: String::new(),
            note: None,
        },
        Action::Resolve => TriageOp::Resolve { resolution: None },
        Action::Withdraw => TriageOp::Withdraw { reason: None },
        Action::Close => TriageOp::Close,
        Action::Severity => TriageOp::SetSeverity(target.severity),
        Action::OutOfScope => TriageOp::OutOfScope(OutOfScopeReason::BeyondService),
        Action::Escalate => TriageOp::EscalateToExperts,
        // One key both ways: a paused one resumes, any other pauses.
        Action::Pause if target.paused => TriageOp::Resume,
        Action::Pause => TriageOp::Pause {
            reason: String::new(),
        },
        // A note may be written whatever the state: the desk may still
        // have something to say about one that ended.
        Action::Note => {
            m.overlay = Some(Overlay::Text(Box::new(TextForm::new(
                TextPurpose::Note,
                target,
            ))));
            return Vec::new();
        }
        Action::Snooze => return super::snooze::open(m, target),
        // The store refuses an update about one that is done with.
        Action::CustomerUpdate => {
            let mut form = Box::new(TextForm::new(TextPurpose::CustomerUpdate, target));
            let fx = preview_update(&mut form);
            m.overlay = Some(Overlay::Text(form));
            return fx;
        }
        _ => return Vec::new(),
    };
    // Refuse at once what the rules refuse, rather than after a dialog.
    let allowed =
        check_allowed(&target.label(), target.state, target.paused, &op).and_then(|()| match op {
            TriageOp::Pause { .. } => {
                check_pause(&target.label(), target.state, target.deadline, m.now)
            }
            _ => Ok(()),
        });
    if let Err(e) = allowed {
        m.status = Some(Status::error(e.to_string()));
        return Vec::new();
    }
    let label = target.label();
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
        TriageOp::Resolve { .. } => {
            m.overlay = Some(Overlay::Text(Box::new(TextForm::new(
                TextPurpose::Resolve,
                target,
            ))));
            Vec::new()
        }
        TriageOp::Withdraw { .. } => {
            m.overlay = Some(Overlay::Text(Box::new(TextForm::new(
                TextPurpose::Withdraw,
                target,
            ))));
            Vec::new()
        }
        TriageOp::Assign { to, .. } if to.is_empty() => {
            m.overlay = Some(Overlay::HandOff(Box::new(HandOffForm {
                target,
                name: Field::default(),
                note: Field::default(),
                on_note: false,
                engineers: Vec::new(),
                cursor: 0,
            })));
            vec![Effect::LoadEngineers]
        }
        TriageOp::Close => {
            m.overlay = Some(Overlay::Confirm(Confirm {
                question: format!("Close {label} {}?", target.title),
                target,
                op,
            }));
            Vec::new()
        }
        TriageOp::Pause { .. } => {
            m.overlay = Some(Overlay::Text(Box::new(TextForm::new(
                TextPurpose::Pause,
                target,
            ))));
            Vec::new()
        }
        TriageOp::Resume => {
            m.overlay = Some(Overlay::Confirm(Confirm {
                // The dialog shows the title beneath.
                question: format!(
                    "Resume {label}? The customer has answered; its clock runs again."
                ),
                target,
                op,
            }));
            Vec::new()
        }
        // The quota is read before asking, so the question names the unit
        // it takes or the dialog never opens on a refusal.
        TriageOp::EscalateToExperts => {
            m.status = Some(Status::info(format!(
                "checking {}'s expert quota…",
                target.customer
            )));
            vec![Effect::CheckExpertQuota(target)]
        }
        TriageOp::Acknowledge => {
            keep_place(m);
            vec![Effect::Triage {
                id: target.id,
                op: TriageOp::Acknowledge,
            }]
        }
        op => vec![Effect::Triage { id: target.id, op }],
    }
}

/// Where the selected escalation stood: once answered (or paused) it
/// moves down the board, and the cursor stays for the next one.
fn keep_place(m: &mut Model) {
    if m.ack_keeps_place && matches!(m.screen, Screen::Board) {
        m.board.resting = m.board.selected_row().map(|r| (r.id, r.key.clone()));
    }
}

/// A triage step came back: an acknowledgement (or a pause) sent from the board
/// leaves the cursor where the escalation stood.
pub(crate) fn settled(m: &mut Model, id: i64, done: bool) {
    match m.board.resting.take() {
        Some((resting, key)) if resting == id && done => {
            m.board.jump = Some((m.board.next_seq, Anchor::Place(key)));
        }
        _ => {}
    }
}

/// The store said what escalating would take: ask, naming it; or say why
/// it cannot be done.
pub(crate) fn expert_checked(m: &mut Model, target: TriageTarget, result: Result<String, String>) {
    m.dirty = true;
    match result {
        Ok(takes) => {
            m.overlay = Some(Overlay::Confirm(Confirm {
                question: format!("Escalate {} to R&D experts? It {takes}.", target.label()),
                target,
                op: TriageOp::EscalateToExperts,
            }));
        }
        Err(e) => m.status = Some(Status::error(format!("cannot escalate: {e}"))),
    }
}

/// The engineers the store has seen, for the hand-off picker.
pub(crate) fn engineers_loaded(m: &mut Model, result: Result<Vec<String>, String>) {
    m.dirty = true;
    let Some(Overlay::HandOff(form)) = &mut m.overlay else {
        return;
    };
    match result {
        // Not oneself: `A` does that.
        Ok(names) => {
            form.engineers = names.into_iter().filter(|n| *n != m.engineer).collect();
        }
        Err(e) => {
            m.status = Some(Status::error(format!(
                "the engineers seen cannot be read ({e}); type the name"
            )))
        }
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
                    "{} stays {}",
                    target.label(),
                    target.severity
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
        Overlay::Text(form) => on_text_key(m, form, key),
        Overlay::HandOff(form) => on_hand_off_key(m, form, key),
        other => {
            m.overlay = Some(other);
            Vec::new()
        }
    }
}

fn on_text_key(m: &mut Model, mut form: Box<TextForm>, key: KeyEvent) -> Vec<Effect> {
    match text_key(&key) {
        FormKey::Cancel => {
            m.status = Some(Status::info("cancelled; nothing was written"));
            Vec::new()
        }
        // A note and an update have a second part: a toggle.
        FormKey::OtherField => {
            form.on_toggle = form.purpose.has_toggle() && !form.on_toggle;
            m.overlay = Some(Overlay::Text(form));
            Vec::new()
        }
        FormKey::Submit => submit_text(m, form),
        FormKey::Typing if form.on_toggle => {
            let mut fx = Vec::new();
            if matches!(key.code, crossterm::event::KeyCode::Char(' ')) {
                form.marked = !form.marked;
                fx = preview_update(&mut form);
            }
            m.overlay = Some(Overlay::Text(form));
            fx
        }
        FormKey::Typing => {
            let fx = if form.text.input(key) {
                preview_update(&mut form)
            } else {
                Vec::new()
            };
            m.overlay = Some(Overlay::Text(form));
            fx
        }
    }
}

/// The text checked here first, so a refusal keeps the dialog and what
/// was written; the store checks it again.
fn submit_text(m: &mut Model, mut form: Box<TextForm>) -> Vec<Effect> {
    if form.purpose == TextPurpose::Snooze {
        return super::snooze::submit(m, form);
    }
    let what = match form.purpose {
        TextPurpose::Note => "the note",
        TextPurpose::Resolve => "the resolution",
        TextPurpose::Withdraw => "the reason",
        TextPurpose::CustomerUpdate => "the update",
        TextPurpose::Pause => "the reason for the pause",
        TextPurpose::Snooze => "the snooze",
    };
    let text = match check_note(what, &form.text.text()) {
        Ok(Some(t)) => t,
        Ok(None) => {
            form.text.error = Some(format!("{what} is empty: write it, or Esc to cancel"));
            m.overlay = Some(Overlay::Text(form));
            return Vec::new();
        }
        Err(e) => {
            form.text.error = Some(e.to_string());
            m.overlay = Some(Overlay::Text(form));
            return Vec::new();
        }
    };
    let id = form.target.id;
    let fx = match form.purpose {
        TextPurpose::Note => vec![Effect::AddNote {
            id,
            note: NewNote {
                text,
                for_customer: form.marked,
            },
        }],
        TextPurpose::Resolve => vec![Effect::Triage {
            id,
            op: TriageOp::Resolve {
                resolution: Some(text),
            },
        }],
        TextPurpose::Withdraw => vec![Effect::Triage {
            id,
            op: TriageOp::Withdraw { reason: Some(text) },
        }],
        TextPurpose::CustomerUpdate => vec![Effect::CustomerUpdate {
            id,
            text,
            by_email: form.marked,
        }],
        TextPurpose::Pause => {
            keep_place(m);
            vec![Effect::Triage {
                id,
                op: TriageOp::Pause { reason: text },
            }]
        }
        // Answered above, before the text is read as a note.
        TextPurpose::Snooze => Vec::new(),
    };
    super::unsent::keep(m, form);
    fx
}

fn on_hand_off_key(m: &mut Model, mut form: Box<HandOffForm>, key: KeyEvent) -> Vec<Effect> {
    use crossterm::event::KeyCode;
    // On the name, up and down move through the engineers that match it.
    if !form.on_note && matches!(key.code, KeyCode::Down | KeyCode::Up) {
        let last = form.matching().len().saturating_sub(1);
        form.cursor = match key.code {
            KeyCode::Down => (form.cursor + 1).min(last),
            _ => form.cursor.saturating_sub(1),
        };
        m.overlay = Some(Overlay::HandOff(form));
        return Vec::new();
    }
    match form_key(&key) {
        FormKey::Cancel => {
            m.status = Some(Status::info("cancelled"));
            return Vec::new();
        }
        FormKey::OtherField => form.on_note = !form.on_note,
        // Enter on the name takes the one under the cursor and goes on to
        // the note; on the note it hands off.
        FormKey::Submit if !form.on_note => match form.chosen() {
            Some(name) => {
                form.name = Field::with(&name);
                form.cursor = 0;
                form.on_note = true;
            }
            None => form.name.error = Some("whom to: type a name or pick one".into()),
        },
        FormKey::Submit => return submit_hand_off(m, form),
        FormKey::Typing => {
            let field = if form.on_note {
                &mut form.note
            } else {
                &mut form.name
            };
            if field.edit(key) && !form.on_note {
                form.cursor = 0;
            }
        }
    }
    m.overlay = Some(Overlay::HandOff(form));
    Vec::new()
}

fn submit_hand_off(m: &mut Model, mut form: Box<HandOffForm>) -> Vec<Effect> {
    let Some(to) = form.chosen() else {
        form.name.error = Some("whom to: type a name or pick one".into());
        m.overlay = Some(Overlay::HandOff(form));
        return Vec::new();
    };
    let note = match check_note("the hand-off note", form.note.value()) {
        Ok(n) => n,
        Err(e) => {
            form.note.error = Some(e.to_string());
            m.overlay = Some(Overlay::HandOff(form));
            return Vec::new();
        }
    };
    let op = TriageOp::Assign { to, note };
    if let Err(e) = check_allowed(
        &form.target.label(),
        form.target.state,
        form.target.paused,
        &op,
    ) {
        m.status = Some(Status::error(e.to_string()));
        return Vec::new();
    }
    vec![Effect::Triage {
        id: form.target.id,
        op,
    }]
}

/// An update's dialog asks the store worker what the customer's group
/// would read, after every change; other dialogs ask nothing.
fn preview_update(form: &mut TextForm) -> Vec<Effect> {
    if form.purpose != TextPurpose::CustomerUpdate {
        return Vec::new();
    }
    form.preview_seq += 1;
    vec![Effect::PreviewUpdate {
        seq: form.preview_seq,
        id: form.target.id,
        text: form.text.text(),
        by_email: form.marked,
    }]
}

/// The rendering asked for, if the dialog still waits for it.
pub(crate) fn update_previewed(m: &mut Model, seq: u64, result: Result<String, String>) {
    if let Some(Overlay::Text(form)) = &mut m.overlay
        && form.purpose == TextPurpose::CustomerUpdate
        && form.preview_seq == seq
    {
        form.preview = Some(result);
        m.dirty = true;
    }
}
