//! The follow-up clocks on screen, where the desk sets them: the board's
//! NEXT column (the update or resolution due sooner) and the detail's
//! clock lines, business hours said where a severity runs on them.

use chrono::Duration;
use crossterm::event::KeyCode;

use sredesk::domain::desk::DeskRules;
use sredesk::domain::sla_policy::{Clock, SeverityClocks, SlaPolicy};
use sredesk::store::Store;

use super::{Screen, assert_screen, desk_on};

/// S1 resolved within 4 h with an update every 30 min, S2 within 8 h
/// hourly, S3 on business hours within 18 h every 2 h; S4 and S5 as the
/// seed has them.
fn policy() -> SlaPolicy {
    let mut p = SlaPolicy::default();
    let clocks = |clock, resolve: i64, every: i64| SeverityClocks {
        clock,
        resolve_within: Some(Duration::hours(resolve)),
        update_every: Some(Duration::minutes(every)),
        alarm_before: None,
    };
    p.severities[0] = clocks(Clock::AllHours, 4, 30);
    p.severities[1] = clocks(Clock::AllHours, 8, 60);
    p.severities[2] = clocks(Clock::Business, 18, 120);
    p
}

fn screen(width: u16, height: u16) -> Screen {
    let mut store = Store::open_in_memory().unwrap();
    store.set_rules(DeskRules {
        sla: policy(),
        ..DeskRules::default()
    });
    let mut s = Screen::new(desk_on(store), width, height);
    s.m.sla = policy();
    s
}

#[test]
fn board_with_the_next_column() {
    let s = screen(140, 14);
    let text = s.render();
    assert!(text.contains("NEXT"), "{text}");
    assert!(text.contains("upd ") || text.contains("fix "), "{text}");
    assert_screen!(text);
}

#[test]
fn the_next_column_is_not_there_without_follow_up_clocks() {
    let s = Screen::new(desk_on(Store::open_in_memory().unwrap()), 140, 14);
    assert!(!s.render().contains("NEXT"));
}

#[test]
fn detail_with_follow_up_clocks() {
    let mut s = screen(120, 30);
    // ST2611-0003, the S3 on business hours: fifth, its deadline walked
    // to Monday noon.
    s.keys("jjjj").key(KeyCode::Enter);
    let text = s.render();
    assert!(
        text.contains("business hours Mon–Fri 09:00–18:00 Asia/Shanghai"),
        "{text}"
    );
    assert!(text.contains("resolve by"), "{text}");
    assert_screen!(text);
}

#[test]
fn at_80_columns_the_title_keeps_its_room() {
    let s = screen(80, 14);
    let text = s.render();
    assert!(!text.contains("NEXT"), "{text}");
    assert!(text.contains("RDS failover did no…"), "{text}");
}
