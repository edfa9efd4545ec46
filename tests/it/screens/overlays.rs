//! What opens over the board: help, the pickers and the confirmation.

use super::{Screen, assert_screen, desk};

#[test]
fn help() {
    let mut s = Screen::new(desk(), 120, 40);
    s.keys("?");
    assert_screen!(s.render());
}

#[test]
fn severity_picker() {
    let mut s = Screen::new(desk(), 120, 24);
    s.keys("s");
    assert_screen!(s.render());
}

#[test]
fn out_of_scope_picker() {
    let mut s = Screen::new(desk(), 120, 24);
    s.keys("oj");
    assert_screen!(s.render());
}

#[test]
fn confirm_withdraw() {
    let mut s = Screen::new(desk(), 120, 24);
    s.keys("jw");
    assert_screen!(s.render());
}
