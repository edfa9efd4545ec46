//! Alarms on screen: a dashboard opening on a desk with a breach and new
//! S1/S2 rings once, lights those rows with the mark's symbol before the
//! title and says it in the status bar; the title carries the counts.

use sredesk::app::{Model, initial_effects};
use sredesk::ui::Theme;

use super::{Screen, assert_screen, desk, find, now};

fn opened(width: u16, height: u16) -> Screen {
    let mut m = Model::new("alice", "/var/lib/sredesk/desk.db", now());
    m.width = width;
    m.height = height;
    let mut s = Screen::with_model(m, desk());
    let fx = initial_effects(&mut s.m);
    s.run(fx);
    s
}

#[test]
fn board_with_alarms_lit() {
    let s = opened(140, 14);
    let text = s.render();
    // The breached S1, and the S2 with 5 of 30 minutes left (under a
    // fifth): the breach and the due mark, each on its row.
    assert!(text.contains("✖ RDS failover"), "{text}");
    assert!(text.contains("‼ ELB 5xx"), "{text}");
    assert!(text.contains("2 alarms: ✖ 1 breached · ‼ 1 due"), "{text}");
    let buf = s.render_with(&Theme::new(true));
    let (x, y) = find(&buf, "✖ RDS failover");
    assert!(
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD),
        "the mark is drawn as a flag"
    );
    assert_eq!(
        sredesk::app::alarms::title(&s.m),
        "sredesk ✖1 ‼1 · desk.db",
        "the file name, not the path"
    );
    assert_screen!(text);
}
