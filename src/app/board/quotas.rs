//! The quota pane beside (or behind) the board: moving over its customers,
//! opening one, and its rows as read.

use chrono::{DateTime, Utc};

use super::state::BoardFocus;
use crate::app::customer::update as customer;
use crate::app::dialog::Overlay;
use crate::app::keymap::Action;
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS, Model, Status};
use crate::app::msg::Effect;
use crate::app::notices::update as notices;
use crate::app::pipeline::update as pipeline;
use crate::store::CustomerQuota;

pub(crate) fn on_quota_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let q = &mut m.quotas;
    let last = q.rows.len().saturating_sub(1);
    let page = m
        .height
        .saturating_sub(HEADER_ROWS + FOOTER_ROWS + 2)
        .max(1) as usize;
    match action {
        Action::Down => q.selected = (q.selected + 1).min(last),
        Action::Up => q.selected = q.selected.saturating_sub(1),
        Action::PageDown => q.selected = (q.selected + page).min(last),
        Action::PageUp => q.selected = q.selected.saturating_sub(page),
        Action::Top => q.selected = 0,
        Action::Bottom => q.selected = last,
        Action::Open | Action::Customer => {
            if let Some(row) = q.selected_row() {
                let name = row.customer.name.clone();
                return customer::open(m, name);
            }
        }
        Action::SwitchPane | Action::Back => m.focus = BoardFocus::Board,
        Action::Pipeline => return pipeline::open(m),
        Action::Notices => return notices::open(m),
        Action::Help => m.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Quit => {
            m.quit = true;
            return vec![Effect::Quit];
        }
        _ => {
            m.status = Some(Status::error(
                "the quota pane has the keyboard: Tab goes back to the escalations",
            ))
        }
    }
    Vec::new()
}

/// The quota pane's rows, and when the desk's month turns.
pub(crate) fn loaded(m: &mut Model, result: Result<(Vec<CustomerQuota>, DateTime<Utc>), String>) {
    m.dirty = true;
    let (rows, refill_at) = match result {
        Ok(read) => read,
        Err(e) => {
            m.quotas.error = Some(e);
            return;
        }
    };
    let q = &mut m.quotas;
    // The selection follows its customer as the order changes.
    let keep = q.selected_row().map(|r| r.customer.id);
    q.selected = keep
        .and_then(|id| rows.iter().position(|r| r.customer.id == id))
        .unwrap_or(q.selected)
        .min(rows.len().saturating_sub(1));
    q.rows = rows;
    q.refill_at = Some(refill_at);
    q.loaded = true;
    q.error = None;
}
