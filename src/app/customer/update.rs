//! The customer view: opened from the board, the detail or the quota
//! pane, scrolled, closed back to the board.

use super::state::CustomerState;
use crate::app::board::load::refresh;
use crate::app::dialog::Overlay;
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen, fill, scrolled};
use crate::app::msg::Effect;
use crate::store::CustomerDetail;

pub(crate) fn open(m: &mut Model, name: String) -> Vec<Effect> {
    m.screen = Screen::Customer(Box::new(CustomerState {
        name: name.clone(),
        loaded: None,
        error: None,
        scroll: 0,
    }));
    vec![Effect::LoadCustomer(name)]
}

pub(crate) fn on_customer_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows() as u16;
    let max = match &m.screen {
        Screen::Customer(c) => crate::ui::customer::max_scroll(c, m),
        _ => return Vec::new(),
    };
    let Screen::Customer(c) = &mut m.screen else {
        return Vec::new();
    };
    if let Some(to) = scrolled(action, c.scroll, max, page) {
        c.scroll = to;
        return Vec::new();
    }
    match action {
        Action::Back | Action::Open | Action::Quit | Action::Customer => {
            m.screen = Screen::Board;
            return vec![refresh(m), crate::app::board::quota_load::load(m)];
        }
        Action::Help => m.overlay = Some(Overlay::Help { scroll: 0 }),
        _ => {}
    }
    Vec::new()
}

/// The customer arrived, if it is still the one shown.
pub(crate) fn loaded(m: &mut Model, name: String, result: Result<Box<CustomerDetail>, String>) {
    if let Screen::Customer(c) = &mut m.screen
        && c.name == name
    {
        // A reread that finds the customer as it was draws nothing.
        let same = match &result {
            Ok(d) => c.error.is_none() && c.loaded.as_ref() == Some(&**d),
            Err(e) => c.error.as_ref() == Some(e),
        };
        if same {
            return;
        }
        m.dirty = true;
        fill(&mut c.loaded, &mut c.error, result.map(|b| *b));
    }
}
