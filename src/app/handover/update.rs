//! The handover screen's keys and its read.

use crate::app::board::load::refresh;
use crate::app::dialog::Overlay;
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen, fill, scrolled};
use crate::app::msg::Effect;
use crate::domain::handover::Handover;

use super::state::HandoverState;

pub(crate) fn open(m: &mut Model) -> Vec<Effect> {
    m.screen = Screen::Handover(Box::default());
    vec![load(m)]
}

/// Reads the handover for the screen's span back from now.
pub(crate) fn load(m: &Model) -> Effect {
    let hours = match &m.screen {
        Screen::Handover(h) => h.hours,
        _ => super::state::SPANS[0],
    };
    Effect::LoadHandover {
        since: m.now - chrono::Duration::hours(hours),
    }
}

pub(crate) fn loaded(m: &mut Model, result: Result<Box<Handover>, String>) {
    if let Screen::Handover(h) = &mut m.screen {
        m.dirty = true;
        h.generation += 1;
        fill(&mut h.loaded, &mut h.error, result.map(|b| *b));
    }
}

pub(crate) fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows() as u16;
    let max = match &m.screen {
        Screen::Handover(h) => crate::ui::handover::max_scroll(h, m),
        _ => return Vec::new(),
    };
    let Screen::Handover(h) = &mut m.screen else {
        return Vec::new();
    };
    if let Some(to) = scrolled(action, h.scroll, max, page) {
        h.scroll = to;
        return Vec::new();
    }
    match action {
        Action::Back | Action::Quit | Action::Handover => {
            m.screen = Screen::Board;
            vec![refresh(m)]
        }
        Action::ShiftSpan => {
            **h = HandoverState {
                hours: h.next_span(),
                ..HandoverState::default()
            };
            vec![load(m)]
        }
        Action::Help => {
            m.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        _ => Vec::new(),
    }
}
