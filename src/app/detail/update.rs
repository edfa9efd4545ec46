//! The escalation detail: opened from the board, scrolled, closed back to
//! it; triage keys act on the escalation shown.

use super::state::DetailState;
use crate::app::board::load::refresh;
use crate::app::board::triage;
use crate::app::customer::update as customer;
use crate::app::dialog::Overlay;
use crate::app::history::state::HistoryState;
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen, fill, scrolled};
use crate::app::msg::Effect;
use crate::store::EscalationFile;

/// Opens escalation `id` in full.
pub(crate) fn open(m: &mut Model, id: i64) -> Vec<Effect> {
    open_with(m, id, None)
}

/// Opens escalation `id` from the history, which back returns to.
pub(crate) fn open_from_history(m: &mut Model, id: i64, back: Box<HistoryState>) -> Vec<Effect> {
    open_with(m, id, Some(back))
}

fn open_with(m: &mut Model, id: i64, back: Option<Box<HistoryState>>) -> Vec<Effect> {
    m.screen = Screen::Detail(Box::new(DetailState {
        id,
        loaded: None,
        error: None,
        scroll: 0,
        generation: 0,
        body: std::cell::RefCell::new(None),
        back,
    }));
    vec![Effect::LoadDetail(id)]
}

/// Its escalation and history arrived, if it is still the one shown.
pub(crate) fn loaded(m: &mut Model, id: i64, result: Result<Box<EscalationFile>, String>) {
    if let Screen::Detail(d) = &mut m.screen
        && d.id == id
    {
        // A reread after another writer's change that left this file as
        // it was draws nothing (and keeps the laid-out text).
        let same = match &result {
            Ok(file) => d.error.is_none() && d.loaded.as_ref() == Some(file),
            Err(e) => d.error.as_ref() == Some(e),
        };
        if same {
            return;
        }
        m.dirty = true;
        d.generation += 1;
        fill(&mut d.loaded, &mut d.error, result);
    }
}

pub(crate) fn on_detail_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows() as u16;
    // The view knows how the text wraps, so it says how far is the end.
    let max = match &m.screen {
        Screen::Detail(d) => crate::ui::detail::max_scroll(d, m),
        _ => return Vec::new(),
    };
    let Screen::Detail(d) = &mut m.screen else {
        return Vec::new();
    };
    if let Some(to) = scrolled(action, d.scroll, max, page) {
        d.scroll = to;
        return Vec::new();
    }
    match action {
        Action::Back | Action::Open | Action::Quit => {
            // Read again: what was done here may have changed its row.
            if let Some(mut h) = d.back.take() {
                let fx = h.reread();
                m.screen = Screen::History(h);
                return vec![fx];
            }
            m.screen = Screen::Board;
            return vec![refresh(m)];
        }
        Action::Help => m.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Filter | Action::SwitchPane => {}
        Action::Customer => {
            if let Some(file) = &d.loaded {
                let name = file.escalation.customer.clone();
                return customer::open(m, name);
            }
        }
        triage_action => return triage::on_triage_action(m, triage_action),
    }
    Vec::new()
}
