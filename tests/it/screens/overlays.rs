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

#[test]
fn help_with_a_rebound_key() {
    let mut s = Screen::new(desk(), 120, 48);
    s.m.keys = sredesk::config::Config::parse("[keys.board]\nacknowledge = \"y\"\nup = \"K\"\n")
        .unwrap()
        .keymap();
    s.keys("?");
    let shown = s.render();
    assert!(shown.contains("   y       acknowledge"), "{shown}");
    assert_screen!(shown);
}

#[test]
fn the_footer_shows_the_rebound_key() {
    let mut s = Screen::new(desk(), 120, 24);
    s.m.keys = sredesk::config::Config::parse("[keys.board]\nacknowledge = \"y\"\nup = \"K\"\n")
        .unwrap()
        .keymap();
    let shown = s.render();
    let footer = shown.lines().last().unwrap();
    assert!(
        footer.contains("j/K move") && footer.contains("y ack"),
        "{footer}"
    );
}

#[test]
fn a_cut_status_says_how_to_read_it_whole() {
    let mut s = Screen::new(desk(), 80, 24);
    s.m.status = Some(sredesk::app::model::Status::error(format!(
        "cannot write the store: {} (disk full)",
        "a very long reason that goes on and on ".repeat(4)
    )));
    let shown = s.render();
    let footer = shown.lines().last().unwrap().to_string();
    assert!(footer.contains("… ! whole"), "{footer}");
    s.keys("!");
    let shown = s.render();
    assert!(shown.contains("(disk full)"), "{shown}");
    assert_screen!(shown);
}
