//! The board sorted by a column: the arrow on its title, the order named
//! in the header, the picker, and the position of a long board's middle.

use crossterm::event::KeyCode;

use super::{Screen, assert_screen, desk};

#[test]
fn board_sorted_by_customer_reversed() {
    let mut s = Screen::new(desk(), 120, 14);
    s.keys("S").keys("3");
    s.keys("S").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("CUSTOMER↓"), "{text}");
    assert!(text.contains("(by customer↓)"), "{text}");
    assert_screen!(text);
}

#[test]
fn sort_picker() {
    let mut s = Screen::new(desk(), 100, 20);
    s.keys("S").key(KeyCode::Down);
    assert_screen!(s.render());
}

#[test]
fn board_sorted_at_80_columns_keeps_the_header_whole() {
    let mut s = Screen::new(desk(), 80, 12);
    s.keys("/").keys("sev:S1,S2,S3").key(KeyCode::Enter);
    s.keys(":sort title desc").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("TITLE↓"), "{text}");
    assert!(text.contains("quotas") && text.contains("CST"), "{text}");
    assert_screen!(text);
}
