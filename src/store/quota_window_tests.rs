//! The kept quota summaries and the pane's window read from them.

use chrono::{Duration, TimeZone};

use super::engine::Sql;
use super::quota_summary::settle;
use super::quota_window::window_in;
use super::test_support::{actor, each_engine, t0};
use super::*;
use crate::domain::quota::PackageKind;
use crate::domain::subscription::NewSubscription;
use crate::domain::{CustomerKind, EscalationKind, NewCustomer, NewEscalation, Severity, TriageOp};

fn add_customer(s: &mut Store, name: &str, subscribed: bool) {
    let new = NewCustomer {
        name: name.into(),
        kind: CustomerKind::Local,
        owner: None,
    };
    s.add_customer(&new, actor(t0() - Duration::days(400)))
        .unwrap();
    if subscribed {
        let sub = NewSubscription {
            applied_on: "2026-10-20".parse().unwrap(),
            start_on: "2026-11-01".parse().unwrap(),
            months: 12,
        };
        s.add_subscription(name, &sub, None, actor(t0() - Duration::days(400)))
            .unwrap();
    }
}

/// One Faster Service unit taken for `customer`: the escalation's id.
fn use_unit(s: &mut Store, customer: &str, n: usize) -> i64 {
    let e = NewEscalation {
        customer: customer.into(),
        ticket_no: format!("F-{customer}-{n}"),
        title: "slow disks".into(),
        description: String::new(),
        kind: EscalationKind::Faster,
        severity: Severity::S3,
        reported_at: t0(),
    };
    s.add_escalation(&e, actor(t0())).unwrap().id
}

/// `n` subscribed customers C00…, customer i with i % 4 units used.
fn desk(n: usize) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    for i in 0..n {
        let name = format!("C{i:02}");
        add_customer(&mut s, &name, true);
        for k in 0..i % 4 {
            use_unit(&mut s, &name, k);
        }
    }
    s
}

fn stale(s: &Store) -> Vec<i64> {
    s.db()
        .query_map(
            "SELECT customer_id FROM quota_stale ORDER BY customer_id",
            crate::sql_args![],
            |r| r.get(0),
        )
        .unwrap()
}

/// Settles in a transaction of its own: how many customers were computed.
fn settle_now(s: &mut Store, now: DateTime<Utc>) -> usize {
    let tx = s.db().write().unwrap();
    let n = settle(&tx, &s.rules, now).unwrap();
    tx.commit().unwrap();
    n
}

fn names(w: &QuotaWindow) -> Vec<&str> {
    w.rows.iter().map(|r| r.customer.name.as_str()).collect()
}

fn top(rows: usize) -> QuotaQuery {
    QuotaQuery {
        from: QuotaFrom::Top,
        moved: 0,
        above: 0,
        rows,
    }
}

#[test]
fn a_use_and_its_withdrawal_recompute_that_customer_only_and_move_it() {
    let mut s = desk(4);
    settle_now(&mut s, t0());
    let w = s.quota_window(t0(), &top(10)).unwrap();
    // C03 used 3 of 10, C02 2, C01 1: least left first.
    assert_eq!(names(&w), ["C03", "C02", "C01", "C00"]);
    assert_eq!((w.first, w.selected, w.total), (0, 0, 4));
    assert!(stale(&s).is_empty());

    let c00 = s.customer_by_name("C00").unwrap().id;
    let id = use_unit(&mut s, "C00", 9);
    for k in 10..13 {
        use_unit(&mut s, "C00", k);
    }
    assert_eq!(stale(&s), [c00], "only the customer whose quota moved");
    assert_eq!(settle_now(&mut s, t0()), 1);
    let w = s.quota_window(t0(), &top(10)).unwrap();
    assert_eq!(names(&w), ["C00", "C03", "C02", "C01"]);
    assert_eq!(w.rows[0].faster.plan_used, 4);
    assert_eq!(w.total, 4);

    // Withdrawn within the grace period: the unit goes back, and the
    // window reads it without settling by hand.
    s.triage(id, &TriageOp::Withdraw { reason: None }, actor(t0()))
        .unwrap();
    assert_eq!(stale(&s), [c00]);
    let w = s.quota_window(t0(), &top(10)).unwrap();
    // Level with C03 again (3 used each): by name.
    assert_eq!(names(&w), ["C00", "C03", "C02", "C01"]);
    assert_eq!(w.rows[0].faster.plan_used, 3);
    assert!(stale(&s).is_empty());
}

/// The pane on either engine: its rows kept in order, a package marking
/// only its own customer stale, a window read by a customer's key, and
/// the kept rows agreeing with every row computed afresh.
#[test]
fn the_pane_keeps_and_pages_its_rows_on_both_engines() {
    each_engine("quota_pane_rows", |mut s| {
        for name in ["Alpha", "Beta", "Gamma"] {
            add_customer(&mut s, name, true);
        }
        add_customer(&mut s, "Unsubscribed", false);
        let w = s.quota_window(t0(), &top(10)).unwrap();
        assert_eq!((names(&w), w.total), (vec!["Alpha", "Beta", "Gamma"], 3));
        assert!(stale(&s).is_empty());

        let bought = s.rules.calendar.date(t0());
        s.add_package("Beta", PackageKind::TicketHandling, bought, actor(t0()))
            .unwrap();
        let beta = s.customer_by_name("Beta").unwrap().id;
        assert_eq!(stale(&s), [beta], "only the buyer is computed again");
        let gamma = QuotaKey::of(&w.rows[2]);
        let q = QuotaQuery {
            from: QuotaFrom::At(gamma),
            moved: -1,
            above: 0,
            rows: 2,
        };
        let w = s.quota_window(t0(), &q).unwrap();
        assert_eq!(names(&w), ["Beta", "Gamma"]);
        assert_eq!((w.first, w.selected, w.total), (1, 0, 3));
        assert!(w.rows[0].faster.package_total > 0, "{:?}", w.rows[0]);
        assert!(stale(&s).is_empty());
        assert_eq!(
            s.quota_board(t0()).unwrap(),
            s.quota_board_computed(t0()).unwrap()
        );
        let low = s.quotas_low(t0()).unwrap();
        assert!(low.is_empty(), "{low:?}");
    });
}

#[test]
fn a_subscription_brings_its_customer_in_and_a_rename_follows() {
    let mut s = desk(3);
    add_customer(&mut s, "Zed", false);
    let w = s.quota_window(t0(), &top(10)).unwrap();
    assert_eq!((names(&w), w.total), (vec!["C02", "C01", "C00"], 3));
    let sub = NewSubscription {
        applied_on: "2026-10-20".parse().unwrap(),
        start_on: "2026-11-01".parse().unwrap(),
        months: 1,
    };
    s.add_subscription("Zed", &sub, None, actor(t0() - Duration::days(400)))
        .unwrap();
    let zed = s.customer_by_name("Zed").unwrap().id;
    assert_eq!(stale(&s), [zed]);
    assert_eq!(settle_now(&mut s, t0()), 1);
    let w = s.quota_window(t0(), &top(10)).unwrap();
    assert_eq!(names(&w), ["C02", "C01", "C00", "Zed"]);
    assert_eq!((w.total, w.rows[3].months_left), (4, 1));
    assert_eq!(s.quota_of(zed, t0()).unwrap().unwrap().customer.name, "Zed");
}

#[test]
fn a_new_desk_day_recomputes_every_row_once_and_the_month_refills() {
    let mut s = desk(4);
    assert_eq!(settle_now(&mut s, t0()), 4, "the first read computes all");
    assert_eq!(settle_now(&mut s, t0()), 0, "then nothing is stale");
    assert_eq!(settle_now(&mut s, t0() + Duration::days(1)), 4, "a new day");
    // 2026-12-01 00:00 in Shanghai: December's plan is unused.
    let december = Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap();
    let w = s.quota_window(december, &top(10)).unwrap();
    assert_eq!(names(&w), ["C00", "C01", "C02", "C03"]);
    assert!(w.rows.iter().all(|r| r.faster.plan_used == 0));
    assert!(w.rows.iter().all(|r| r.faster.month == "2026-12"));
    assert_eq!(settle_now(&mut s, december), 0);
}

/// What a window must be: the slice of the whole order around the
/// target, as `QuotaQuery` describes it.
fn expected(all: &[CustomerQuota], anchor: usize, q: &QuotaQuery) -> (Vec<i64>, usize, usize) {
    let last = all.len() as i64 - 1;
    let target = usize::try_from((anchor as i64 + q.moved).clamp(0, last)).unwrap();
    let start = target
        .saturating_sub(q.above)
        .min(all.len().saturating_sub(q.rows));
    let ids = all[start..(start + q.rows).min(all.len())]
        .iter()
        .map(|r| r.customer.id)
        .collect();
    (ids, start, target - start)
}

#[test]
fn windows_page_through_the_order_by_key_and_agree_with_the_whole_list() {
    let mut s = desk(30);
    settle_now(&mut s, t0());
    let all = s.quota_board_computed(t0()).unwrap();
    assert_eq!(s.quota_board(t0()).unwrap(), all, "kept rows = computed");
    let key = |i: usize| QuotaFrom::At(QuotaKey::of(&all[i]));
    let cases = [
        (QuotaFrom::Top, 0, 0, 0, 7),
        (QuotaFrom::Top, 0, 9, 4, 7),
        (key(10), 10, 0, 3, 7),
        (key(10), 10, 5, 3, 7),
        (key(10), 10, -12, 3, 7),
        (key(27), 27, 6, 11, 12),
        (key(3), 3, -1, 20, 9),
        (QuotaFrom::Bottom, 29, 0, 5, 7),
        (QuotaFrom::Bottom, 29, -10, 2, 7),
    ];
    for (from, anchor, moved, above, rows) in cases {
        let q = QuotaQuery {
            from,
            moved,
            above,
            rows,
        };
        let w = s.quota_window(t0(), &q).unwrap();
        let (ids, first, selected) = expected(&all, anchor, &q);
        let got: Vec<i64> = w.rows.iter().map(|r| r.customer.id).collect();
        assert_eq!(
            (got, w.first, w.selected, w.total),
            (ids, first, selected, 30),
            "{q:?}"
        );
        // The read-only path, cut from every row in memory, agrees.
        assert_eq!(window_in(all.clone(), &q), w, "{q:?}");
    }
    // A customer with no row any more: the window stands where it was.
    let mut gone = QuotaKey::of(&all[12]);
    gone.customer_id = 9_999;
    let q = QuotaQuery {
        from: QuotaFrom::At(gone),
        moved: 0,
        above: 0,
        rows: 3,
    };
    // Its key sorts just after C12's row (same place, a larger id).
    let w = s.quota_window(t0(), &q).unwrap();
    let ids: Vec<i64> = all[13..16].iter().map(|r| r.customer.id).collect();
    let got: Vec<i64> = w.rows.iter().map(|r| r.customer.id).collect();
    assert_eq!((got, w.first, w.selected), (ids, 13, 0));
    assert_eq!(window_in(all, &q), w);
}

#[test]
fn the_handovers_low_quotas_come_from_the_kept_rows() {
    let mut s = desk(8);
    for k in 0..8 {
        use_unit(&mut s, "C05", 20 + k);
    }
    // As a dashboard leaves them: settled, so the index reads them.
    settle_now(&mut s, t0());
    let low: Vec<String> = s
        .quotas_low(t0())
        .unwrap()
        .into_iter()
        .map(|r| r.customer.name)
        .collect();
    // C05 has 1 of 10 left; C03 and C07 have 7.
    assert_eq!(low, ["C05"]);
}

#[test]
fn a_read_only_store_with_stale_rows_computes_its_window_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    {
        let mut s = Store::open(&path).unwrap();
        add_customer(&mut s, "Acme", true);
        add_customer(&mut s, "Bolt", true);
        use_unit(&mut s, "Bolt", 0);
    }
    let mut s = Store::open_with(
        &path,
        Opening {
            read_only: true,
            ..Opening::default()
        },
    )
    .unwrap();
    let w = s.quota_window(t0(), &top(5)).unwrap();
    assert_eq!((names(&w), w.total), (vec!["Bolt", "Acme"], 2));
    assert_eq!(stale(&s).len(), 2, "nothing written");
}
