//! The notice composer: empty, filled, with errors, its preview and the
//! confirmation, for a new incident and for a planned change.

use crossterm::event::KeyCode;

use super::notices::open_notices;
use super::{Screen, assert_screen, ctrl, tabs};

#[test]
fn composer_empty() {
    for (w, h) in [(160, 40), (80, 24)] {
        let mut s = open_notices(w, h);
        s.keys("N");
        let text = s.render();
        assert!(text.contains("Compose · new incident"), "{text}");
        assert_screen!(format!("composer_empty_{w}x{h}"), text);
    }
}

/// A new incident written in full: Level-1, ECS in cn-north-4, guidance,
/// the next update in two hours, and SMS as well.
fn filled(w: u16, h: u16) -> Screen {
    let mut s = open_notices(w, h);
    s.keys("N");
    s.keys("OpenSSH agent forwarding flaw");
    tabs(&mut s, 2);
    s.keys("1");
    tabs(&mut s, 1);
    s.keys("ECS");
    tabs(&mut s, 1);
    s.keys("cn-north-4");
    tabs(&mut s, 1);
    s.keys("Disable agent forwarding in sshd_config.");
    tabs(&mut s, 1);
    s.keys("+2h");
    tabs(&mut s, 2);
    s.keys("s");
    tabs(&mut s, 1);
    s.keys("Call the desk for help.");
    s
}

#[test]
fn composer_filled() {
    for (w, h) in [(160, 40), (80, 24)] {
        let s = filled(w, h);
        let text = s.render();
        assert!(text.contains("→ 2026-11-22 20:00 CST, in 2h00m"), "{text}");
        assert_screen!(format!("composer_filled_{w}x{h}"), text);
    }
}

#[test]
fn composer_with_validation_errors() {
    for (w, h) in [(160, 40), (80, 24)] {
        let mut s = open_notices(w, h);
        s.keys("N");
        tabs(&mut s, 3);
        s.keys("ECX");
        tabs(&mut s, 3);
        s.keys("tomorrow");
        ctrl(&mut s, 's');
        let text = s.render();
        assert!(text.contains("a title is needed"), "{text}");
        assert!(text.contains("unknown service 'ECX'"), "{text}");
        assert!(text.contains("not sent:"), "{text}");
        assert_screen!(format!("composer_errors_{w}x{h}"), text);
    }
}

#[test]
fn composer_preview() {
    for (w, h) in [(160, 40), (80, 24)] {
        let mut s = filled(w, h);
        // To the audience, down to Northwind, then the preview.
        tabs(&mut s, 1);
        s.key(KeyCode::Down);
        tabs(&mut s, 1);
        let text = s.render();
        assert!(text.contains("Preview for Northwind Logistics"), "{text}");
        assert!(text.contains("WeLink"), "{text}");
        assert_screen!(format!("composer_preview_{w}x{h}"), text);
    }
}

#[test]
fn composer_confirm_shows_the_counts() {
    let mut s = filled(120, 30);
    ctrl(&mut s, 's');
    let text = s.render();
    assert!(
        text.contains("to 2 customers: 2 emails, 2 chat messages, 1 SMS (5 deliveries)"),
        "{text}"
    );
    assert!(
        text.contains("not reachable: Northwind Logistics (sms)"),
        "{text}"
    );
    assert_screen!(text);
}

#[test]
fn composer_for_a_planned_change_with_its_impact() {
    let mut s = open_notices(120, 34);
    // The records: INC-2, INC-1, then the change.
    s.keys("jjc");
    // To the impact: availability, within the SLA.
    tabs(&mut s, 5);
    s.keys("as");
    let text = s.render();
    assert!(text.contains("notice about CHG-1"), "{text}");
    assert!(text.contains("‹within SLA›"), "{text}");
    assert!(text.contains("→ 2026-11-23 02:00 CST, in 8h00m"), "{text}");
    assert_screen!(text);
}

/// At 80 columns the preview is a tab: PgDn on the form says so and moves
/// nothing; on the preview's tab it scrolls what is shown.
#[test]
fn composer_narrow_page_down() {
    let mut s = filled(80, 24);
    s.key(KeyCode::PageDown);
    let text = s.render();
    assert!(
        text.contains("the preview is a tab of its own here: Tab to it, then PgDn scrolls it"),
        "{text}"
    );
    tabs(&mut s, 2);
    let top = s.render();
    s.key(KeyCode::PageDown);
    let text = s.render();
    assert_ne!(top, text);
    assert_screen!(text);
}
