//! Keys and answers for the notices screen and a notice's delivery ledger:
//! moving over records and notices, advancing a record, re-sending what
//! failed, and opening the composer.

use crossterm::event::KeyEvent;

use super::state::{LedgerState, NoticesPage, RecordStep, Selected};
use crate::app::board::load::{load_updates_due, refresh};
use crate::app::composer::open as compose;
use crate::app::dialog::{Overlay, answer};
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen, Status, fill};
use crate::app::msg::Effect;
use crate::domain::notice::SubjectKind;
use crate::domain::record::{Record, reference};
use crate::store::NoticeDetail;

pub(crate) fn open(m: &mut Model) -> Vec<Effect> {
    m.screen = Screen::Notices;
    vec![Effect::LoadNotices]
}

/// Back to the board, which reads its rows and countdowns again.
pub(crate) fn close(m: &mut Model) -> Vec<Effect> {
    m.screen = Screen::Board;
    vec![refresh(m), load_updates_due()]
}

/// The screen's read arrived: the cursor stays on its record or notice
/// (or goes to the notice just sent).
pub(crate) fn loaded(m: &mut Model, result: Result<Box<NoticesPage>, String>) {
    let n = &mut m.notices;
    // A reread after another writer's change that finds the screen as it
    // was draws nothing.
    let same = match &result {
        Ok(page) => n.loaded && n.error.is_none() && n.focus_notice.is_none() && n.page == **page,
        Err(e) => n.error.as_ref() == Some(e),
    };
    if same {
        return;
    }
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

pub(crate) fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
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
                return compose::start_compose(m, r.subject(), Some(r));
            }
            None => {}
        },
        Action::NewIncident => return compose::start_compose(m, SubjectKind::Incident, None),
        Action::NewChange => return compose::start_compose(m, SubjectKind::Change, None),
        Action::Compose => match m.notices.selected() {
            Some(Selected::Record(r)) => {
                let r = r.clone();
                return compose::start_compose(m, r.subject(), Some(r));
            }
            _ => {
                m.status = Some(Status::error(
                    "select an incident or change to notify about (N and C start new ones)",
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
                m.status = Some(Status::error(
                    "select a notice to re-send its failed deliveries",
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
    m.screen = Screen::Ledger(Box::new(LedgerState {
        id,
        loaded: None,
        error: None,
        selected: 0,
    }));
    vec![Effect::LoadLedger(id)]
}

pub(crate) fn ledger_loaded(m: &mut Model, id: i64, result: Result<Box<NoticeDetail>, String>) {
    if let Screen::Ledger(l) = &mut m.screen
        && l.id == id
    {
        // A reread that finds the deliveries as they were draws nothing.
        let same = match &result {
            Ok(d) => l.error.is_none() && l.loaded.as_ref() == Some(&**d),
            Err(e) => l.error.as_ref() == Some(e),
        };
        if same {
            return;
        }
        m.dirty = true;
        fill(&mut l.loaded, &mut l.error, result.map(|d| *d));
        let rows = l.loaded.as_ref().map_or(0, |d| d.deliveries.len());
        l.selected = l.selected.min(rows.saturating_sub(1));
    }
}

pub(crate) fn on_ledger_action(m: &mut Model, action: Action) -> Vec<Effect> {
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
            None => m.status = Some(Status::error("the notice is not loaded yet")),
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
        m.status = Some(Status::info(format!(
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
        m.status = Some(Status::error("select an incident or change to advance"));
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
                m.status = Some(Status::error(e.to_string()));
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
                m.status = Some(Status::error(e.to_string()));
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

/// Keys while a notices dialog is open.
pub(crate) fn on_overlay_key(m: &mut Model, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    match overlay {
        Overlay::ConfirmAdvance { step, .. } if answer(&key) == Some(true) => {
            vec![Effect::AdvanceRecord(step)]
        }
        Overlay::ConfirmResend { id, .. } if answer(&key) == Some(true) => {
            vec![Effect::Resend(id)]
        }
        Overlay::ConfirmAdvance { .. } | Overlay::ConfirmResend { .. }
            if answer(&key) == Some(false) =>
        {
            m.status = Some(Status::info("cancelled"));
            Vec::new()
        }
        other => {
            m.overlay = Some(other);
            Vec::new()
        }
    }
}

/// An incident or change moved on: what changed, or why it was refused.
pub(crate) fn record_advanced(m: &mut Model, result: Result<String, String>) {
    m.dirty = true;
    m.status = Some(match result {
        Ok(summary) => Status::info(summary),
        Err(e) => Status::error(e),
    });
}

/// Failed deliveries of a notice queued again: how many.
pub(crate) fn resent(m: &mut Model, id: i64, result: Result<usize, String>) {
    m.dirty = true;
    m.status = Some(match result {
        Ok(n) => Status::info(format!(
            "notice #{id}: {n} deliver{} queued again",
            if n == 1 { "y" } else { "ies" }
        )),
        Err(e) => Status::error(e),
    });
}
