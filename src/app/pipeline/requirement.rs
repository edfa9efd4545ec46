//! One requirement in full: its history scrolled, its steps taken, back to
//! the pipeline.

use super::{steps, update};
use crate::app::board::load::refresh;
use crate::app::dialog::Overlay;
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen, fill, scrolled};
use crate::app::msg::Effect;
use crate::domain::requirement::{Requirement, Transition};

pub(crate) fn on_requirement_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows() as u16;
    let max = match &m.screen {
        Screen::Requirement(r) => crate::ui::pipeline::requirement::max_scroll(r, m),
        _ => return Vec::new(),
    };
    let Screen::Requirement(r) = &mut m.screen else {
        return Vec::new();
    };
    if let Some(to) = scrolled(action, r.scroll, max, page) {
        r.scroll = to;
        return Vec::new();
    }
    match action {
        Action::Back | Action::Open | Action::Quit => update::open(m),
        Action::Pipeline => {
            m.screen = Screen::Board;
            vec![refresh(m)]
        }
        Action::Help => {
            m.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::Advance | Action::Reject | Action::Plan => steps::on_step(m, action),
        _ => Vec::new(),
    }
}

/// The requirement's detail arrived.
pub(crate) fn requirement_loaded(
    m: &mut Model,
    id: i64,
    result: Result<(Requirement, Vec<Transition>), String>,
) {
    if let Screen::Requirement(r) = &mut m.screen
        && r.id == id
    {
        m.dirty = true;
        fill(&mut r.loaded, &mut r.error, result);
    }
}
