//! The board's countdown to each open incident's next customer update.

use chrono::Duration;
use ratatui::style::{Color, Modifier};

use sredesk::app::{Msg, update};
use sredesk::ui::Theme;

use super::notices::notices_desk;
use super::{Screen, assert_screen, find, now};

#[test]
fn board_counts_down_to_each_open_incidents_next_update() {
    for (w, h) in [(160, 40), (80, 24)] {
        let s = Screen::new(notices_desk(), w, h);
        let text = s.render();
        assert!(text.contains("INC-2"), "{text}");
        assert!(text.contains("update overdue 5m00s"), "{text}");
        assert!(text.contains("update due in 12m00s"), "{text}");
        assert_screen!(format!("board_countdown_{w}x{h}"), text);
    }
}

#[test]
fn an_overdue_update_is_in_the_alert_style() {
    let s = Screen::new(notices_desk(), 160, 40);
    let buf = s.render_with(&Theme::new(true));
    let (x, y) = find(&buf, "update overdue");
    assert_eq!(buf[(x, y)].bg, Color::Red);
    let (x, y) = find(&buf, "update due in 12m");
    assert_eq!(buf[(x, y)].fg, Color::LightRed);
    // Without colour the overdue one is still marked.
    let plain = s.render_with(&Theme::new(false));
    let (x, y) = find(&plain, "update overdue");
    assert!(plain[(x, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn the_countdown_moves_with_the_clock() {
    let mut s = Screen::new(notices_desk(), 120, 30);
    let fx = update(&mut s.m, Msg::Tick(now() + Duration::minutes(13)));
    s.run(fx);
    let text = s.render();
    assert!(text.contains("update overdue 1m00s"), "{text}");
    assert!(text.contains("update overdue 18m00s"), "{text}");
}
