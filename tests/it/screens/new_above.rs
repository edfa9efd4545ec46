//! A new escalation that sorts above the rows on screen while the board is
//! scrolled down: "▲ N new above" on the column titles' line until seen.

use crossterm::event::KeyCode;

use sredesk::app::{Msg, update};
use sredesk::domain::Severity;

use super::{Screen, add, assert_screen, at, desk};

#[test]
fn a_new_s1_above_a_scrolled_board_is_announced_until_scrolled_to() {
    let mut s = Screen::new(desk(), 100, 9);
    for _ in 0..6 {
        s.key(KeyCode::Char('j'));
    }
    assert!(s.m.board.scroll_top > 0);
    add(
        &mut s.store,
        "Jade River Bank",
        "ST2611-0099",
        Severity::S1,
        at(9, 58),
        "Database unreachable in cn-south-1",
    );
    // As the dashboard learns of another process's commit.
    let fx = update(&mut s.m, Msg::StoreChanged);
    s.run(fx);
    let text = s.render();
    assert!(text.contains("▲ 1 new above"), "{text}");
    // Not on a row; the footer rings it at once.
    let rows = text.lines().count() - 1;
    assert!(
        !text.lines().take(rows).any(|l| l.contains("ST2611-0099")),
        "{text}"
    );
    assert!(
        text.lines().last().unwrap().contains("● ST2611-0099 new"),
        "{text}"
    );
    assert_screen!(text);

    s.key(KeyCode::Home);
    let text = s.render();
    assert!(!text.contains("new above"), "{text}");
    assert!(text.contains("ST2611-0099"), "{text}");
}
