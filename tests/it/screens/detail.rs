//! An escalation's detail view.

use crossterm::event::KeyCode;

use super::{Screen, assert_screen, desk};

#[test]
fn detail_with_history() {
    let mut s = Screen::new(desk(), 120, 30);
    s.keys("G").key(KeyCode::Enter);
    assert_screen!(s.render());
}
