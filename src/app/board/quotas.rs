//! The quota pane beside (or behind) the board: moving over its customers,
//! opening one (its window of rows is `quota_load`'s).

use super::quota_load;
use super::state::BoardFocus;
use crate::app::customer::update as customer;
use crate::app::dialog::Overlay;
use crate::app::keymap::Action;
use crate::app::model::{Model, Status};
use crate::app::msg::Effect;
use crate::app::notices::update as notices;
use crate::app::pipeline::update as pipeline;
use crate::store::QuotaFrom;

pub(crate) fn on_quota_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = i64::try_from(quota_load::screen_rows(m)).unwrap_or(1);
    let q = &m.quotas;
    match action {
        Action::Down => return quota_load::move_by(m, 1),
        Action::Up => return quota_load::move_by(m, -1),
        Action::PageDown => return quota_load::move_by(m, page),
        Action::PageUp => return quota_load::move_by(m, -page),
        Action::Top => return quota_load::move_to(m, QuotaFrom::Top),
        Action::Bottom => return quota_load::move_to(m, QuotaFrom::Bottom),
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
