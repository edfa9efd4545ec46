//! The quota pane's window: moving within it costs nothing, moving past
//! it reads the next one, and a failed read keeps what was shown.

use chrono::Duration;
use crossterm::event::KeyCode;

use crate::app::msg::{Effect, Msg};
use crate::app::test_harness::Harness;
use crate::domain::subscription::NewSubscription;
use crate::domain::{CustomerKind, NewCustomer};
use crate::store::test_support::{actor, t0};
use crate::store::{CustomerQuota, QuotaFrom, Store};

/// `n` subscribed customers, none with a use: the order is by name.
fn desk(n: usize) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let at = actor(t0() - Duration::days(400));
    for i in 0..n {
        let name = format!("C{i:03}");
        let new = NewCustomer {
            name: name.clone(),
            kind: CustomerKind::Local,
            owner: None,
        };
        s.add_customer(&new, at).unwrap();
        let sub = NewSubscription {
            applied_on: "2026-10-20".parse().unwrap(),
            start_on: "2026-11-01".parse().unwrap(),
            months: 12,
        };
        s.add_subscription(&name, &sub, None, at).unwrap();
    }
    s
}

fn selected(h: &Harness) -> String {
    let q = &h.m.quotas;
    q.selected_row().unwrap().customer.name.clone()
}

fn reads(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::LoadQuotas(_)))
        .count()
}

fn press(h: &mut Harness, key: KeyCode, times: usize) -> usize {
    let mut n = 0;
    for _ in 0..times {
        let fx = h.press(key);
        n += reads(&fx);
        h.run(fx);
    }
    n
}

#[test]
fn moves_within_the_window_read_nothing_and_past_it_read_the_next() {
    // 14 rows high: the pane shows 9, the window holds three screens.
    let mut h = Harness::over(desk(60));
    let q = &h.m.quotas;
    assert_eq!((q.rows.len(), q.first, q.total, q.selected), (27, 0, 60, 0));
    h.key(KeyCode::Tab);
    assert_eq!(press(&mut h, KeyCode::Down, 26), 0, "inside the window");
    assert_eq!(selected(&h), "C026");
    assert_eq!(press(&mut h, KeyCode::Down, 1), 1, "past its last row");
    let q = &h.m.quotas;
    assert_eq!((selected(&h), q.place(), q.first), ("C027".into(), 27, 10));
    // Up to the top of the screen's rows in the window, then past them.
    assert_eq!(press(&mut h, KeyCode::Up, 9), 0);
    assert_eq!(selected(&h), "C018");
    assert_eq!(press(&mut h, KeyCode::Up, 1), 1);
    assert_eq!((selected(&h), h.m.quotas.first), ("C017".into(), 0));
    assert_eq!(press(&mut h, KeyCode::End, 1), 1);
    let q = &h.m.quotas;
    assert_eq!(
        (selected(&h), q.first, q.rows.len()),
        ("C059".into(), 33, 27)
    );
    assert_eq!(press(&mut h, KeyCode::PageUp, 1), 0, "a screen up is in it");
    assert_eq!(selected(&h), "C050");
    assert_eq!(press(&mut h, KeyCode::Home, 1), 1);
    assert_eq!((selected(&h), h.m.quotas.place()), ("C000".into(), 0));
    assert_eq!(press(&mut h, KeyCode::Home, 1), 0);
}

#[test]
fn a_second_move_before_the_first_is_answered_adds_to_it() {
    let mut h = Harness::over(desk(60));
    h.key(KeyCode::Tab);
    press(&mut h, KeyCode::Down, 26);
    let first = h.press(KeyCode::Down);
    let second = h.press(KeyCode::PageDown);
    match &second[..] {
        [Effect::LoadQuotas(q)] => assert_eq!((q.moved, &q.from), (10, &first_from(&first))),
        other => panic!("{other:?}"),
    }
    // The first answer lands (the rows it read), the second puts the
    // selection where both moves took it.
    h.run(first);
    h.run(second);
    assert_eq!(
        (selected(&h), h.m.quotas.jump.is_none()),
        ("C036".into(), true)
    );
}

fn first_from(fx: &[Effect]) -> QuotaFrom {
    match fx {
        [Effect::LoadQuotas(q)] => q.from.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_refresh_keeps_the_selected_customer_where_the_order_moves_it() {
    let mut h = Harness::over(desk(60));
    h.key(KeyCode::Tab);
    press(&mut h, KeyCode::Down, 40);
    assert_eq!(selected(&h), "C040");
    // Another desk uses C040's quota: it moves to the top of the order.
    let e = crate::domain::NewEscalation {
        customer: "C040".into(),
        ticket_no: "F-1".into(),
        title: "slow".into(),
        description: String::new(),
        kind: crate::domain::EscalationKind::Faster,
        severity: crate::domain::Severity::S3,
        reported_at: t0() + Duration::minutes(5),
    };
    h.store
        .add_escalation(&e, actor(t0() + Duration::minutes(5)))
        .unwrap();
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
    let q = &h.m.quotas;
    assert_eq!((selected(&h), q.place(), q.first), ("C040".into(), 0, 0));
    assert_eq!(q.rows[1].customer.name, "C000");
}

#[test]
fn a_failed_read_keeps_the_rows_says_why_and_is_tried_again() {
    let mut h = Harness::over(desk(30));
    let before: Vec<CustomerQuota> = h.m.quotas.rows.clone();
    let asked = match &crate::app::board::quota_load::load(&h.m) {
        Effect::LoadQuotas(q) => q.clone(),
        other => panic!("{other:?}"),
    };
    let fx = h.send(Msg::QuotasLoaded {
        query: asked,
        result: Err("database is locked".into()),
    });
    assert!(fx.is_empty());
    let q = &h.m.quotas;
    assert_eq!(
        (&q.rows, q.error.as_deref()),
        (&before, Some("database is locked"))
    );
    let fx = h.send(Msg::Tick(h.m.now + Duration::seconds(1)));
    assert_eq!(reads(&fx), 1, "{fx:?}");
    h.run(fx);
    assert_eq!(h.m.quotas.error, None);
}
