//! The quota pane, beside the board and as a tab, and its monthly
//! rollover.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

use sredesk::app::{Effect, Msg, update};
use sredesk::domain::subscription::NewSubscription;
use sredesk::domain::{CustomerKind, EscalationKind, NewCustomer, NewEscalation, Severity};
use sredesk::store::{QuotaFrom, QuotaQuery, Store};
use sredesk::ui::Theme;

use super::{Screen, actor, assert_screen, at, find};

/// Four subscribed customers: one calm, one nearly out of faster handling,
/// one out of both quotas, one carried by a package.
pub(super) fn quota_desk() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let sub = NewSubscription {
        applied_on: NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
        start_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        months: 3,
    };
    let mut n = 0;
    for (name, kind, faster, expert) in [
        ("Calm Co", CustomerKind::Local, 2, 1),
        ("Nearly Ltd", CustomerKind::Local, 9, 2),
        ("Spent Inc", CustomerKind::InternationalChinese, 10, 5),
        ("Packed Group", CustomerKind::InternationalChinese, 12, 0),
    ] {
        s.add_customer(
            &NewCustomer {
                name: name.into(),
                kind,
                owner: Some("Li Na".into()),
            },
            actor(at(1, 0)),
        )
        .unwrap();
        s.add_subscription(
            name,
            &sub,
            Some("https://chat.example/hook"),
            actor(at(1, 0)),
        )
        .unwrap();
        if name == "Packed Group" {
            s.add_package(
                name,
                sredesk::domain::quota::PackageKind::TicketHandling,
                NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
                actor(at(1, 0)),
            )
            .unwrap();
        }
        for (kind, count) in [
            (EscalationKind::Faster, faster),
            (EscalationKind::Expert, expert),
        ] {
            for _ in 0..count {
                n += 1;
                let t = at(2, 0) + Duration::minutes(n);
                s.add_escalation(
                    &NewEscalation {
                        customer: name.into(),
                        ticket_no: format!("Q-{n}"),
                        title: format!("{kind} request {n}"),
                        description: String::new(),
                        kind,
                        severity: Severity::S4,
                        reported_at: t,
                    },
                    actor(t),
                )
                .unwrap();
            }
        }
    }
    s
}

#[test]
fn quota_pane_beside_the_board_least_left_first() {
    let s = Screen::new(quota_desk(), 170, 16);
    let text = s.render();
    let order: Vec<usize> = ["Spent Inc", "Nearly Ltd", "Packed Group", "Calm Co"]
        .iter()
        .map(|n| {
            text.find(&format!("│ {n}"))
                .unwrap_or_else(|| panic!("{n} missing:\n{text}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert_screen!(text);
}

#[test]
fn quota_pane_as_a_tab_with_the_cues_for_nearly_and_fully_used() {
    let mut s = Screen::new(quota_desk(), 100, 12);
    s.key(KeyCode::Tab);
    let buf = s.render_with(&Theme::new(true));
    let text = s.render();
    assert!(text.contains("✖██████ 10/10"), "used up:\n{text}");
    assert!(text.contains("‼█████░ 9/10"), "nearly:\n{text}");
    assert!(text.contains("12/10+10"), "package shown:\n{text}");
    let (x, y) = find(&buf, "✖██████ 10/10");
    assert_eq!(buf[(x, y)].bg, Color::Red, "used up is loud");
    let plain = s.render_with(&Theme::new(false));
    let (x, y) = find(&plain, "✖██████ 10/10");
    assert!(plain[(x, y)].modifier.contains(Modifier::BOLD));
    assert_screen!(text);
}

#[test]
fn quota_pane_rolls_over_at_the_desks_midnight() {
    let mut s = Screen::new(quota_desk(), 100, 12);
    s.key(KeyCode::Tab);
    // 2026-12-01 00:00 in Shanghai is 2026-11-30 16:00 UTC.
    let december = Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap();
    s.clock.set(december - Duration::seconds(1));
    let fx = update(&mut s.m, Msg::Tick(december - Duration::seconds(1)));
    s.run(fx);
    assert!(s.render().contains("10/10"), "still November");
    s.clock.set(december);
    let fx = update(&mut s.m, Msg::Tick(december));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadQuotas(_))),
        "{fx:?}"
    );
    s.run(fx);
    let text = s.render();
    assert!(!text.contains("10/10") && text.contains("0/10"), "{text}");
    assert_screen!(text);
}

#[test]
fn a_failed_read_says_what_failed_above_the_rows_it_keeps() {
    let mut s = Screen::new(quota_desk(), 100, 12);
    s.key(KeyCode::Tab);
    let query = QuotaQuery {
        from: QuotaFrom::Top,
        moved: 0,
        above: 0,
        rows: 1,
    };
    let fx = update(
        &mut s.m,
        Msg::QuotasLoaded {
            query,
            result: Err("database is locked".into()),
        },
    );
    s.run(fx);
    let text = s.render();
    let said = text
        .find("Cannot read quotas: database is locked")
        .unwrap_or_else(|| panic!("{text}"));
    let row = text.find("Spent Inc").unwrap_or_else(|| panic!("{text}"));
    assert!(said < row, "{text}");
    let buf = s.render_with(&Theme::new(true));
    let (x, y) = find(&buf, "Cannot read quotas");
    assert_eq!(buf[(x + 1, y)].fg, Color::LightRed);
}
