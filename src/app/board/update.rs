//! Keys on the escalation board: moving (re-reading the window before the
//! selection reaches its edge), jumping, the filter line, and the keys that
//! open another screen or act on the selected escalation.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::load::{clamp_scroll, jump, refresh};
use super::state::BoardFocus;
use super::triage;
use crate::app::customer::update as customer;
use crate::app::detail::update as detail;
use crate::app::dialog::Overlay;
use crate::app::keymap::Action;
use crate::app::model::{Model, Status};
use crate::app::msg::Effect;
use crate::app::notices::update as notices;
use crate::app::pipeline::update as pipeline;
use crate::store::Anchor;

fn move_by(m: &mut Model, delta: isize) -> Vec<Effect> {
    let len = m.board.page.rows.len();
    if len == 0 {
        return Vec::new();
    }
    let to = (m.board.selected as isize + delta).clamp(0, len as isize - 1) as usize;
    m.board.selected = to;
    clamp_scroll(m);
    // Re-centre the loaded window before the selection reaches its edge,
    // so scrolling never shows a gap.
    let h = m.board_rows();
    let p = &m.board.page;
    let more_above = p.first_position > 0;
    let more_below = p.first_position + len < p.total;
    if (more_above && to < h) || (more_below && to + h >= len) {
        vec![refresh(m)]
    } else {
        Vec::new()
    }
}

pub(crate) fn on_board_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows() as isize;
    match action {
        Action::Down => move_by(m, 1),
        Action::Up => move_by(m, -1),
        Action::PageDown => move_by(m, page),
        Action::PageUp => move_by(m, -page),
        Action::Top => jump(m, Anchor::Top),
        Action::Bottom => jump(m, Anchor::Bottom),
        Action::Open => match m.board.selected_row() {
            Some(r) => {
                let id = r.id;
                detail::open(m, id)
            }
            None => Vec::new(),
        },
        Action::Back => {
            if super::marks::clear(m) {
                Vec::new()
            } else if m.filter.text().is_some() || m.filter.applied.is_some() {
                m.filter.clear();
                jump(m, Anchor::Top)
            } else {
                Vec::new()
            }
        }
        Action::Filter => {
            m.filter.editing = true;
            Vec::new()
        }
        Action::Views => super::views::open(m),
        Action::Sort => super::sort::open(m),
        Action::NewEscalation => crate::app::intake::update::open(m),
        Action::Help => {
            m.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::Quit => {
            m.quit = true;
            vec![Effect::Quit]
        }
        Action::SwitchPane => {
            m.focus = BoardFocus::Quotas;
            Vec::new()
        }
        Action::Pipeline => pipeline::open(m),
        Action::Handover => crate::app::handover::update::open(m),
        Action::Trends => crate::app::trends::update::open(m),
        Action::Notices => notices::open(m),
        Action::Customer => match m.board.selected_row() {
            Some(r) => {
                let name = r.customer.clone();
                customer::open(m, name)
            }
            None => Vec::new(),
        },
        Action::Mark => {
            let mut fx = super::marks::toggle(m);
            // On to the next row, as mail readers do, so a run is marked
            // fast.
            fx.extend(move_by(m, 1));
            fx
        }
        Action::MarkAll => super::marks::mark_all(m),
        bulk if super::marks::is_bulk(bulk)
            && !m.board.marked.is_empty()
            && matches!(m.screen, crate::app::model::Screen::Board) =>
        {
            super::marks::on_action(m, bulk)
        }
        triage_action => triage::on_triage_action(m, triage_action),
    }
}

pub(crate) fn on_filter_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Enter => {
            let changed = m.filter.reparse(&m.engineer, false);
            // Text that does not parse stays open to be mended.
            if let Some(e) = &m.filter.error {
                m.status = Some(Status::error(format!("filter: {e}")));
            } else {
                m.filter.editing = false;
            }
            if changed {
                jump(m, Anchor::Top)
            } else {
                Vec::new()
            }
        }
        KeyCode::Esc => {
            m.filter.clear();
            jump(m, Anchor::Top)
        }
        _ => {
            let before = m.filter.input.value().to_string();
            m.filter.input.handle_event(&Event::Key(key));
            if m.filter.input.value() != before && m.filter.reparse(&m.engineer, true) {
                jump(m, Anchor::Top)
            } else {
                Vec::new()
            }
        }
    }
}
