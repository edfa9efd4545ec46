//! Keys and answers on the new-escalation form: typing, picking the
//! customer from those the store knows, choosing severity and kind, the
//! preview of what saving takes, and the save that puts the escalation on
//! the board, selected.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::state::{IntakeField, IntakeState, KINDS};
use crate::app::board::load::jump;
use crate::app::dialog::Overlay;
use crate::app::keymap::{Action, INTAKE};
use crate::app::model::{Model, Screen, Status};
use crate::app::msg::Effect;
use crate::domain::{Escalation, Severity};
use crate::store::{Anchor, BoardKey};

/// How many customers the picker offers under the name.
pub const MATCHES_SHOWN: usize = 6;

pub(crate) fn open(m: &mut Model) -> Vec<Effect> {
    m.screen = Screen::Intake(Box::default());
    m.status = Some(Status::info(
        "new escalation: type it, or paste a filled urgent-fault report",
    ));
    Vec::new()
}

pub(crate) fn take(m: &mut Model) -> Option<Box<IntakeState>> {
    match std::mem::replace(&mut m.screen, Screen::Board) {
        Screen::Intake(s) => Some(s),
        other => {
            m.screen = other;
            None
        }
    }
}

fn put(m: &mut Model, s: Box<IntakeState>) {
    m.screen = Screen::Intake(s);
}

pub(crate) fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(mut s) = take(m) else {
        return Vec::new();
    };
    // The description is a text area: Enter and the arrows are its own.
    let action = m.keys.action_for(&key, INTAKE).filter(|_| {
        !(s.focus == IntakeField::Description
            && key.modifiers.is_empty()
            && matches!(key.code, KeyCode::Enter | KeyCode::Up | KeyCode::Down))
    });
    let fx = match action {
        Some(Action::Back) => {
            if s.is_blank() || s.closing {
                m.screen = Screen::Board;
                m.status = Some(Status::info(if s.is_blank() {
                    "closed; nothing was typed"
                } else {
                    "closed; what was typed is gone"
                }));
                return Vec::new();
            }
            s.closing = true;
            m.status = Some(Status::error(m.keys.prose(
                INTAKE,
                "{back} again to close and lose what was typed; any other key to go on",
            )));
            put(m, s);
            return Vec::new();
        }
        Some(Action::Help) => {
            m.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Some(a @ (Action::Down | Action::Up)) => {
            let by = if a == Action::Down { 1 } else { -1 };
            if s.focus == IntakeField::Customer && !s.matches.is_empty() {
                let last = s.matches.len().min(MATCHES_SHOWN).saturating_sub(1);
                s.pick = s.pick.saturating_add_signed(by).min(last);
                preview(m, &mut s)
            } else {
                moved(m, &mut s, by)
            }
        }
        Some(Action::NextField) => moved(m, &mut s, 1),
        Some(Action::PrevField) => moved(m, &mut s, -1),
        Some(Action::Send) => return save(m, s),
        Some(a @ (Action::ChoiceLeft | Action::ChoiceRight)) if s.focus.is_choice() => {
            let by = if a == Action::ChoiceLeft { -1 } else { 1 };
            choose(&mut s, by);
            preview(m, &mut s)
        }
        _ => typing(m, &mut s, key),
    };
    s.closing = false;
    put(m, s);
    fx
}

/// Tab and S-Tab; leaving a field shows what is wrong with it.
fn moved(m: &mut Model, s: &mut IntakeState, by: isize) -> Vec<Effect> {
    let left = s.focus;
    s.touch(left);
    // Leaving the customer with one picked takes it.
    if left == IntakeField::Customer {
        take_pick(s);
    }
    s.focus = left.step(by);
    if left == IntakeField::Customer {
        preview(m, s)
    } else {
        Vec::new()
    }
}

fn choose(s: &mut IntakeState, by: isize) {
    let step = |i: usize, n: usize| (i as isize + by).rem_euclid(n as isize) as usize;
    match s.focus {
        IntakeField::Severity => {
            let i = Severity::ALL
                .iter()
                .position(|v| *v == s.severity)
                .unwrap_or(0);
            s.severity = Severity::ALL[step(i, Severity::ALL.len())];
        }
        IntakeField::Kind => {
            let i = KINDS.iter().position(|v| *v == s.kind).unwrap_or(0);
            s.kind = KINDS[step(i, KINDS.len())];
        }
        _ => {}
    }
}

fn typing(m: &mut Model, s: &mut IntakeState, key: KeyEvent) -> Vec<Effect> {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        crate::app::status_line::say_no_key_in(m, INTAKE, &key);
        return Vec::new();
    }
    match s.focus {
        IntakeField::Description => {
            s.description.input(key);
            Vec::new()
        }
        _ if matches!(key.code, KeyCode::PageUp | KeyCode::PageDown) => {
            crate::app::status_line::say_no_key_in(m, INTAKE, &key);
            Vec::new()
        }
        f if f.is_choice() => {
            crate::app::status_line::say_no_key_in(m, INTAKE, &key);
            Vec::new()
        }
        f => {
            let Some(field) = s.text_field(f) else {
                return Vec::new();
            };
            if !field.edit(key) {
                return Vec::new();
            }
            edited(m, s, f)
        }
    }
}

/// After a text changed: a new customer search, and a fresh preview.
fn edited(m: &mut Model, s: &mut IntakeState, f: IntakeField) -> Vec<Effect> {
    let mut fx = Vec::new();
    if f == IntakeField::Customer {
        s.pick = 0;
        s.found_seq += 1;
        fx.push(Effect::FindCustomers {
            seq: s.found_seq,
            text: s.customer.value().trim().to_string(),
            limit: MATCHES_SHOWN,
        });
    }
    // The customer's preview waits for its matches (customers_found).
    if matches!(f, IntakeField::TicketNo | IntakeField::Reported) {
        fx.extend(preview(m, s));
    } else if f == IntakeField::Customer {
        s.preview.seq += 1;
        s.preview.said = None;
    }
    fx
}

/// Asks the store what saving would take; nothing while the customer or
/// the reported time cannot be read yet.
fn preview(m: &Model, s: &mut IntakeState) -> Vec<Effect> {
    s.preview.seq += 1;
    s.preview.said = None;
    let Ok(mut new) = s.to_new(m.now, m.tz) else {
        return Vec::new();
    };
    if new.customer.is_empty() {
        return Vec::new();
    }
    // The preview is about the quota: a ticket number not yet typed must
    // not hide it.
    if new.ticket_no.is_empty() {
        new.ticket_no = "(not yet typed)".into();
    }
    vec![Effect::PreviewIntake {
        seq: s.preview.seq,
        new: Box::new(new),
    }]
}

/// The customer field takes the name of the customer meant.
fn take_pick(s: &mut IntakeState) {
    let meant = s.customer_meant();
    if !meant.is_empty() && meant != s.customer.value() {
        s.customer = crate::app::field::Field::with(&meant);
    }
}

/// Ctrl-S: every field checked; the store has the last word.
fn save(m: &mut Model, mut s: Box<IntakeState>) -> Vec<Effect> {
    if s.saving {
        put(m, s);
        return Vec::new();
    }
    take_pick(&mut s);
    for f in IntakeField::ALL {
        s.touch(f);
    }
    let problems = s.problems(m.now, m.tz);
    let new = match (problems.first(), s.to_new(m.now, m.tz)) {
        (None, Ok(new)) => new,
        (Some((f, e)), _) => {
            m.status = Some(Status::error(format!(
                "not saved: {} — {e}{}",
                f.label(),
                match problems.len() {
                    1 => String::new(),
                    n => format!(" (and {} more, beside their fields)", n - 1),
                }
            )));
            s.focus = *f;
            put(m, s);
            return Vec::new();
        }
        (None, Err(e)) => {
            m.status = Some(Status::error(format!("not saved: {e}")));
            put(m, s);
            return Vec::new();
        }
    };
    s.saving = true;
    m.status = Some(Status::info("saving…"));
    put(m, s);
    vec![Effect::AddEscalation(Box::new(new))]
}

/// The store's customers matching what was typed, if still current; the
/// preview follows the customer now meant.
pub(crate) fn customers_found(
    m: &mut Model,
    seq: u64,
    result: Result<Vec<String>, String>,
) -> Vec<Effect> {
    let Some(mut s) = take(m) else {
        return Vec::new();
    };
    if seq != s.found_seq {
        put(m, s);
        return Vec::new();
    }
    m.dirty = true;
    let fx = match result {
        Ok(names) => {
            s.matches = names;
            s.pick = s.pick.min(s.matches.len().saturating_sub(1));
            preview(m, &mut s)
        }
        Err(e) => {
            s.matches.clear();
            m.status = Some(Status::error(format!("customers cannot be read: {e}")));
            Vec::new()
        }
    };
    put(m, s);
    fx
}

pub(crate) fn previewed(m: &mut Model, seq: u64, result: Result<String, String>) {
    let Screen::Intake(s) = &mut m.screen else {
        return;
    };
    if seq == s.preview.seq {
        m.dirty = true;
        s.preview.said = Some(result);
    }
}

/// Saved: back to the board with the new escalation selected; refused:
/// the form stays as typed, with the store's reason.
pub(crate) fn added(m: &mut Model, result: Result<Escalation, String>) -> Vec<Effect> {
    m.dirty = true;
    match result {
        Ok(e) => {
            if matches!(m.screen, Screen::Intake(_)) {
                m.screen = Screen::Board;
            }
            let cleared = m.filter.applied.is_some();
            m.filter.clear();
            m.status = Some(Status::info(format!(
                "{} opened for {}: {} {}, respond by {}{}",
                crate::domain::triage::label(&e.ticket_no, e.id),
                e.customer,
                e.severity,
                e.kind,
                crate::domain::desk_time::zoned(e.deadline, m.tz),
                if cleared {
                    " (the filter was cleared)"
                } else {
                    ""
                }
            )));
            let key = BoardKey::unanswered(e.deadline, e.id);
            let mut fx = jump(m, Anchor::Ticket { id: e.id, key });
            fx.push(crate::app::board::quota_load::load(m));
            fx
        }
        Err(e) => {
            if let Screen::Intake(s) = &mut m.screen {
                s.saving = false;
                s.preview.said = Some(Err(e.clone()));
            }
            m.status = Some(Status::error(format!("not saved: {e}")));
            Vec::new()
        }
    }
}

/// Text pasted into the form: into the field that has the keyboard.
pub(crate) fn on_paste(m: &mut Model, text: &str) -> Vec<Effect> {
    let Some(mut s) = take(m) else {
        return Vec::new();
    };
    let f = s.focus;
    let fx = match f {
        // A whole report fills the form, wherever the cursor is.
        _ if crate::domain::fault_report::looks_like_report(text) => {
            // The report named its customer: found as if typed.
            if super::report::fill(m, &mut s, text) {
                edited(m, &mut s, IntakeField::Customer)
            } else {
                Vec::new()
            }
        }
        IntakeField::Description => {
            s.description.paste(text);
            Vec::new()
        }
        f => match s.text_field(f).map(|field| field.paste(text)) {
            Some(true) => edited(m, &mut s, f),
            _ => Vec::new(),
        },
    };
    put(m, s);
    fx
}
