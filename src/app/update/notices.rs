//! Keys and answers for the notices screen and a notice's delivery ledger:
//! moving over records and notices, advancing a record, re-sending what
//! failed, and opening the composer (on a kept draft if the engineer wants).

use crossterm::event::{KeyCode, KeyEvent};

use super::{composer, error, fill, info, is_cancel, pick, refresh};
use crate::app::composer::{Composer, DraftFields};
use crate::app::keymap::Action;
use crate::app::model::{DraftPick, Model, Overlay, Screen};
use crate::app::msg::Effect;
use crate::app::notices::{COUNTDOWNS_SHOWN, LedgerView, NoticesPage, RecordStep, Selected};
use crate::domain::notice::SubjectKind;
use crate::domain::record::Record;
use crate::domain::record::reference;
use crate::store::NoticeDetail;

pub(super) fn open(m: &mut Model) -> Vec<Effect> {
    m.screen = Screen::Notices;
    vec![Effect::LoadNotices]
}

/// Back to the board, which reads its rows and countdowns again.
fn close(m: &mut Model) -> Vec<Effect> {
    m.screen = Screen::Board;
    vec![refresh(m), load_updates_due()]
}

pub(super) fn load_updates_due() -> Effect {
    // One more than shown, to know whether there are more.
    Effect::LoadUpdatesDue {
        limit: COUNTDOWNS_SHOWN + 1,
    }
}

/// The screen's read arrived: the cursor stays on its record or notice
/// (or goes to the notice just sent).
pub(super) fn loaded(m: &mut Model, result: Result<Box<NoticesPage>, String>) {
    m.dirty = true;
    let n = &mut m.notices;
    let page = match result {
        Ok(page) => *page,
        Err(e) => {
            n.error = Some(e);
            return;
        }
    };
    let records = page.records.len();
    let keep = match n.selected() {
        Some(Selected::Record(r)) => page
            .records
            .iter()
            .position(|x| x.subject() == r.subject() && x.id() == r.id()),
        Some(Selected::Notice(s)) => page
            .notices
            .iter()
            .position(|x| x.id == s.id)
            .map(|i| records + i),
        None => None,
    };
    let focus = n.focus_notice.and_then(|id| {
        page.notices
            .iter()
            .position(|x| x.id == id)
            .map(|i| records + i)
    });
    if focus.is_some() {
        n.focus_notice = None;
    }
    let rows = records + page.notices.len();
    n.selected = focus
        .or(keep)
        .unwrap_or(n.selected)
        .min(rows.saturating_sub(1));
    n.page = page;
    n.loaded = true;
    n.error = None;
}

pub(super) fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let rows = m.notices.rows();
    let page = m.board_rows();
    let last = rows.saturating_sub(1);
    let sel = &mut m.notices.selected;
    match action {
        Action::Down => *sel = (*sel + 1).min(last),
        Action::Up => *sel = sel.saturating_sub(1),
        Action::PageDown => *sel = (*sel + page).min(last),
        Action::PageUp => *sel = sel.saturating_sub(page),
        Action::Top => *sel = 0,
        Action::Bottom => *sel = last,
        Action::Open => match m.notices.selected() {
            Some(Selected::Notice(n)) => {
                let id = n.id;
                return open_ledger(m, id);
            }
            Some(Selected::Record(r)) => {
                let r = r.clone();
                return start_compose(m, r.subject(), Some(r));
            }
            None => {}
        },
        Action::NewIncident => return start_compose(m, SubjectKind::Incident, None),
        Action::NewChange => return start_compose(m, SubjectKind::Change, None),
        Action::Compose => match m.notices.selected() {
            Some(Selected::Record(r)) => {
                let r = r.clone();
                return start_compose(m, r.subject(), Some(r));
            }
            _ => {
                m.status = Some(error(
                    "select an incident or change to notify about (N and C start new ones)".into(),
                ))
            }
        },
        Action::Advance => advance(m),
        Action::Resend => match m.notices.selected() {
            Some(Selected::Notice(n)) => {
                let (id, d) = (n.id, n.deliveries);
                confirm_resend(m, id, (d.failed + d.dead) as usize);
            }
            _ => {
                m.status = Some(error(
                    "select a notice to re-send its failed deliveries".into(),
                ))
            }
        },
        Action::Back | Action::Quit | Action::Notices => return close(m),
        Action::Help => m.overlay = Some(Overlay::Help { scroll: 0 }),
        _ => {}
    }
    Vec::new()
}

fn open_ledger(m: &mut Model, id: i64) -> Vec<Effect> {
    m.screen = Screen::Ledger(Box::new(LedgerView {
        id,
        loaded: None,
        error: None,
        selected: 0,
    }));
    vec![Effect::LoadLedger(id)]
}

pub(super) fn ledger_loaded(m: &mut Model, id: i64, result: Result<Box<NoticeDetail>, String>) {
    if let Screen::Ledger(l) = &mut m.screen
        && l.id == id
    {
        m.dirty = true;
        fill(&mut l.loaded, &mut l.error, result.map(|d| *d));
        let rows = l.loaded.as_ref().map_or(0, |d| d.deliveries.len());
        l.selected = l.selected.min(rows.saturating_sub(1));
    }
}

pub(super) fn on_ledger_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows();
    let Screen::Ledger(l) = &mut m.screen else {
        return Vec::new();
    };
    let last = l
        .loaded
        .as_ref()
        .map_or(0, |d| d.deliveries.len().saturating_sub(1));
    match action {
        Action::Down => l.selected = (l.selected + 1).min(last),
        Action::Up => l.selected = l.selected.saturating_sub(1),
        Action::PageDown => l.selected = (l.selected + page).min(last),
        Action::PageUp => l.selected = l.selected.saturating_sub(page),
        Action::Top => l.selected = 0,
        Action::Bottom => l.selected = last,
        Action::Resend => match &l.loaded {
            Some(d) => {
                let (id, c) = (l.id, d.notice.deliveries);
                confirm_resend(m, id, (c.failed + c.dead) as usize);
            }
            None => m.status = Some(error("the notice is not loaded yet".into())),
        },
        Action::Back | Action::Open | Action::Quit => return open(m),
        Action::Notices => return close(m),
        Action::Help => m.overlay = Some(Overlay::Help { scroll: 0 }),
        _ => {}
    }
    Vec::new()
}

fn confirm_resend(m: &mut Model, id: i64, failed: usize) {
    if failed == 0 {
        m.status = Some(info(format!(
            "notice #{id} has no failed or dead deliveries to re-send"
        )));
        return;
    }
    let what = if failed == 1 {
        "its failed or dead delivery".to_string()
    } else {
        format!("its {failed} failed and dead deliveries")
    };
    m.overlay = Some(Overlay::ConfirmResend {
        id,
        question: format!("Re-send notice #{id}: queue {what} again? Sent ones are not touched."),
    });
}

/// `a`: the domain says at once when the step is not allowed; otherwise
/// the question names where the record goes.
fn advance(m: &mut Model) {
    let Some(Selected::Record(r)) = m.notices.selected() else {
        m.status = Some(error("select an incident or change to advance".into()));
        return;
    };
    let reference = reference(r.subject(), r.id());
    let (step, from, to) = match r {
        Record::Incident(i) => match crate::domain::incident::check_advance(i) {
            Ok(to) => (
                RecordStep::Incident {
                    id: i.id,
                    seen: i.state,
                },
                i.state.to_string(),
                to.to_string(),
            ),
            Err(e) => {
                m.status = Some(error(e.to_string()));
                return;
            }
        },
        Record::Change(c) => match crate::domain::change::check_advance(c) {
            Ok(to) => (
                RecordStep::Change {
                    id: c.id,
                    seen: c.state,
                },
                c.state.to_string(),
                to.to_string(),
            ),
            Err(e) => {
                m.status = Some(error(e.to_string()));
                return;
            }
        },
    };
    let title = match r {
        Record::Incident(i) => i.title.clone(),
        Record::Change(c) => c.title.clone(),
    };
    let note = if to == "notified" {
        " No notice goes out this way: c composes one, and queuing it marks it notified."
    } else {
        ""
    };
    m.overlay = Some(Overlay::ConfirmAdvance {
        step,
        question: format!("Move {reference} from {from} to {to}?{note}"),
        title,
    });
}

/// Opens the composer, first offering the drafts kept for the same thing.
fn start_compose(m: &mut Model, subject: SubjectKind, record: Option<Record>) -> Vec<Effect> {
    let about = record.as_ref().map(Record::id);
    let drafts = m.notices.drafts_for(subject, about);
    if drafts.is_empty() {
        let key = next_key(m);
        let c = match record {
            Some(r) => Composer::for_record(r, key, m.tz),
            None => Composer::new(subject, key),
        };
        return composer::open(m, c);
    }
    let mut choices = vec![(0, "start a fresh form".to_string())];
    for (d, f) in drafts {
        let title = if f.title.trim().is_empty() {
            "(no title yet)".to_string()
        } else {
            f.title.trim().to_string()
        };
        choices.push((
            d.id,
            format!(
                "draft saved {} · {} · {}",
                crate::domain::desk_time::short(d.updated_at, m.tz),
                title,
                f.stage
            ),
        ));
    }
    m.overlay = Some(Overlay::PickDraft(DraftPick {
        subject,
        about,
        choices,
        cursor: 1,
    }));
    Vec::new()
}

pub(super) fn next_key(m: &mut Model) -> u64 {
    let k = m.next_draft_key;
    m.next_draft_key += 1;
    k
}

/// Keys while a notices dialog is open.
pub(super) fn on_overlay_key(m: &mut Model, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    match overlay {
        Overlay::ConfirmAdvance { step, .. } if matches!(key.code, KeyCode::Char('y' | 'Y')) => {
            vec![Effect::AdvanceRecord(step)]
        }
        Overlay::ConfirmResend { id, .. } if matches!(key.code, KeyCode::Char('y' | 'Y')) => {
            vec![Effect::Resend(id)]
        }
        Overlay::ConfirmAdvance { .. } | Overlay::ConfirmResend { .. }
            if matches!(key.code, KeyCode::Char('n' | 'N') | KeyCode::Esc) =>
        {
            m.status = Some(info("cancelled".into()));
            Vec::new()
        }
        Overlay::PickDraft(p) => {
            if is_cancel(&key) {
                m.status = Some(info("cancelled".into()));
                return Vec::new();
            }
            match pick(p.cursor, p.choices.len(), &key) {
                (_, Some(i)) => resume(m, &p, i),
                (cursor, None) => {
                    m.overlay = Some(Overlay::PickDraft(DraftPick { cursor, ..p }));
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

/// Opens the composer on the picked draft, or afresh for choice 0.
fn resume(m: &mut Model, p: &DraftPick, choice: usize) -> Vec<Effect> {
    let record = p.about.and_then(|id| {
        m.notices
            .page
            .records
            .iter()
            .find(|r| r.subject() == p.subject && r.id() == id)
            .cloned()
    });
    if p.about.is_some() && record.is_none() {
        m.status = Some(error(format!(
            "{} is no longer listed; read the screen again",
            reference(p.subject, p.about.unwrap_or_default())
        )));
        return Vec::new();
    }
    let key = next_key(m);
    let draft = p
        .choices
        .get(choice)
        .filter(|_| choice > 0)
        .and_then(|(id, _)| {
            let d = m.notices.page.drafts.iter().find(|d| d.id == *id)?;
            Some((d.id, DraftFields::from_json(&d.fields).ok()?))
        });
    let c = match (draft, record) {
        (Some((id, fields)), record) => fields.restore(p.subject, record, key, id, m.tz),
        (None, Some(r)) => Composer::for_record(r, key, m.tz),
        (None, None) => Composer::new(p.subject, key),
    };
    composer::open(m, c)
}
