//! The board in every order, on both engines: what each sort puts first,
//! paging through it a few rows at a time never skipping or repeating
//! one, every read on its own index (SQLite's plans), and the position
//! counted only near the ends.

use super::super::board_sort::Side;
use super::super::bulk::GeneratedTicket;
use super::super::test_plan::query_plan;
use super::super::test_support::*;
use super::tests::ticket_nos;
use super::*;
use crate::domain::board_sort::{BoardSort, SortColumn};
use crate::domain::{Customer, CustomerKind, Escalation, NewCustomer};
use chrono::Duration;

fn now() -> DateTime<Utc> {
    t0() + Duration::hours(2)
}

/// An open escalation as a generator would write it.
fn open(c: &Customer, no: &str, sev: Severity, mins: i64, title: &str) -> Escalation {
    let reported_at = t0() + Duration::minutes(mins);
    let mut e = crate::domain::escalation::test_support::esc(EscalationState::New);
    e.id = 0;
    e.customer_id = c.id;
    e.customer = c.name.clone();
    e.ticket_no = no.into();
    e.title = title.into();
    e.severity = sev;
    e.reported_at = reported_at;
    e.deadline = reported_at + sev.response_target();
    e.updated_at = reported_at;
    e
}

fn answered(mut e: Escalation, by: &str, in_progress: bool) -> Escalation {
    e.responded_at = Some(e.reported_at + Duration::minutes(1));
    e.response_met = Some(true);
    e.assignee = Some(by.into());
    e.state = if in_progress {
        EscalationState::InProgress
    } else {
        EscalationState::Acknowledged
    };
    e
}

fn customers(s: &mut Store, names: &[&str]) -> Vec<Customer> {
    let new: Vec<_> = names
        .iter()
        .map(|n| NewCustomer {
            name: n.to_string(),
            kind: CustomerKind::Local,
            owner: None,
        })
        .collect();
    s.add_customers(&new, actor(t0())).unwrap();
    let all = s.customers().unwrap();
    names
        .iter()
        .map(|n| all.iter().find(|c| c.name == *n).unwrap().clone())
        .collect()
}

fn insert(s: &mut Store, es: Vec<Escalation>) {
    let tickets: Vec<_> = es
        .into_iter()
        .map(|escalation| GeneratedTicket {
            escalation,
            history: Vec::new(),
        })
        .collect();
    s.insert_generated(&tickets).unwrap();
}

/// Eight open escalations across three customers, differing in every
/// column, two of them waiting on the customer.
fn varied(mut s: Store) -> Store {
    let [zeta, acme, mid] = customers(&mut s, &["zeta Labs", "Acme", "Midway"])
        .try_into()
        .unwrap();
    let mut waited_long = answered(
        open(&mid, "T-7", Severity::S3, 5, "disk full"),
        "carol",
        true,
    );
    waited_long.pause = Some(crate::domain::escalation::Pause {
        since: t0() + Duration::minutes(10),
        reason: "logs".into(),
    });
    let mut waited_less = answered(open(&acme, "T-8", Severity::S4, 0, "Backup"), "bob", false);
    waited_less.pause = Some(crate::domain::escalation::Pause {
        since: t0() + Duration::minutes(90),
        reason: "window".into(),
    });
    insert(
        &mut s,
        vec![
            open(&zeta, "T-1", Severity::S2, 0, "api errors"),
            open(&acme, "T-2", Severity::S1, 30, "Outage"),
            answered(
                open(&mid, "T-3", Severity::S3, 10, "slow disk"),
                "Bob",
                false,
            ),
            answered(
                open(&acme, "T-4", Severity::S5, 20, "question"),
                "alice",
                true,
            ),
            open(&mid, "T-5", Severity::S4, 40, "billing"),
            open(&zeta, "T-6", Severity::S1, 50, "DNS"),
            // Waited since +90m though its deadline is the earlier one:
            // longest wait comes first, not the deadline.
            waited_less,
            waited_long,
        ],
    );
    s
}

fn sorted(column: SortColumn, descending: bool) -> BoardSort {
    BoardSort { column, descending }
}

fn query(sort: BoardSort, anchor: Anchor, before: usize, after: usize) -> BoardQuery {
    BoardQuery {
        filter: None,
        sort,
        anchor,
        before,
        after,
        now: now(),
        newer_than: None,
    }
}

fn whole(s: &Store, sort: BoardSort) -> Vec<String> {
    let p = s.board(&query(sort, Anchor::Top, 0, 50)).unwrap();
    p.rows.iter().map(|r| r.ticket_no.clone()).collect()
}

#[test]
fn each_column_orders_the_board_and_reversed_is_the_mirror() {
    each_engine("sort_columns", |s| {
        let s = varied(s);
        let by = |c| whole(&s, sorted(c, false));
        assert_eq!(
            by(SortColumn::Urgency),
            ["T-1", "T-2", "T-6", "T-5", "T-3", "T-4", "T-7", "T-8"],
            "unanswered by deadline, answered, then paused by longest wait"
        );
        assert_eq!(
            by(SortColumn::Severity),
            ["T-2", "T-6", "T-1", "T-7", "T-3", "T-8", "T-5", "T-4"]
        );
        // Names compare without case, as the store keeps them.
        let customers: Vec<String> = s
            .board(&query(
                sorted(SortColumn::Customer, false),
                Anchor::Top,
                0,
                50,
            ))
            .unwrap()
            .rows
            .iter()
            .map(|r| r.customer.clone())
            .collect();
        assert_eq!(
            customers,
            [
                "Acme",
                "Acme",
                "Acme",
                "Midway",
                "Midway",
                "Midway",
                "zeta Labs",
                "zeta Labs"
            ]
        );
        assert_eq!(
            by(SortColumn::Title),
            ["T-1", "T-8", "T-5", "T-7", "T-6", "T-2", "T-4", "T-3"],
            "api, Backup, billing, disk, DNS, Outage, question, slow: case ignored"
        );
        assert_eq!(
            by(SortColumn::Assignee),
            ["T-1", "T-2", "T-6", "T-5", "T-4", "T-3", "T-8", "T-7"],
            "unassigned first by deadline, then alice, Bob/bob by deadline, carol"
        );
        assert_eq!(
            by(SortColumn::State)[..4],
            ["T-1", "T-2", "T-6", "T-5"],
            "new ones first"
        );
        assert_eq!(
            by(SortColumn::Reported),
            ["T-1", "T-8", "T-7", "T-3", "T-4", "T-2", "T-5", "T-6"]
        );
        assert_eq!(by(SortColumn::Ticket)[0], "T-1");
        for c in SortColumn::ALL {
            let mut down = whole(&s, sorted(c, true));
            down.reverse();
            assert_eq!(down, by(c), "{c:?} reversed");
        }
    });
}

/// Paging a few rows at a time from the top, each window anchored on the
/// last row of the one before, lists every row once in the sort's order.
#[test]
fn paging_in_any_order_neither_skips_nor_repeats() {
    each_engine("sort_paging", |s| {
        let s = varied(s);
        for column in SortColumn::ALL {
            for descending in [false, true] {
                let sort = sorted(column, descending);
                let mut seen: Vec<String> = Vec::new();
                let mut p = s.board(&query(sort, Anchor::Top, 0, 3)).unwrap();
                loop {
                    let fresh: Vec<_> = p.rows[p.anchor_index..]
                        .iter()
                        .filter(|r| !seen.contains(&r.ticket_no))
                        .collect();
                    if fresh.is_empty() {
                        break;
                    }
                    seen.extend(fresh.iter().map(|r| r.ticket_no.clone()));
                    let last = fresh.last().unwrap();
                    let anchor = Anchor::Ticket {
                        id: last.id,
                        key: last.key.clone(),
                    };
                    p = s.board(&query(sort, anchor, 1, 3)).unwrap();
                    assert_eq!(
                        p.first_position + p.anchor_index + 1,
                        seen.len(),
                        "{sort}: the anchor's position"
                    );
                }
                assert_eq!(seen, whole(&s, sort), "{sort}");
            }
        }
    });
}

#[test]
fn a_sort_change_keeps_the_selected_escalation() {
    each_engine("sort_change", |s| {
        let s = varied(s);
        let p = s
            .board(&query(BoardSort::default(), Anchor::Top, 0, 50))
            .unwrap();
        let t5 = p.rows.iter().find(|r| r.ticket_no == "T-5").unwrap();
        // Its key from the old order does not place it in the new one: the
        // store finds it by id.
        let anchor = Anchor::Ticket {
            id: t5.id,
            key: t5.key.clone(),
        };
        let by_title = sorted(SortColumn::Title, false);
        let q = s.board(&query(by_title, anchor, 1, 2)).unwrap();
        assert_eq!(q.rows[q.anchor_index].ticket_no, "T-5");
        assert_eq!(q.first_position + q.anchor_index, 2);
        // From the customers' order (text keys) to severity's, as a click
        // does: the whole window is read, not only the anchor.
        let by_customer = sorted(SortColumn::Customer, false);
        let first = s
            .board(&query(by_customer, Anchor::Top, 0, 50))
            .unwrap()
            .rows[0]
            .clone();
        let anchor = Anchor::Ticket {
            id: first.id,
            key: first.key,
        };
        let q = s
            .board(&query(sorted(SortColumn::Severity, false), anchor, 10, 20))
            .unwrap();
        assert_eq!(
            q.rows.len(),
            8,
            "{:?}",
            q.rows.iter().map(|r| &r.ticket_no).collect::<Vec<_>>()
        );
        // An old order's place of a row gone from the board means nothing
        // here: the window starts at the top.
        let gone = Anchor::Place(BoardKey::unanswered(t0(), 999));
        let q = s.board(&query(by_title, gone, 1, 2)).unwrap();
        assert_eq!((q.first_position, q.anchor_index), (0, 0));
    });
}

#[test]
fn every_order_reads_its_window_and_position_off_an_index() {
    // SQLite's own plans: PostgreSQL's planner chooses by its statistics.
    let s = varied(Store::open_in_memory().unwrap());
    for column in SortColumn::ALL {
        for descending in [false, true] {
            let sort = sorted(column, descending);
            let key = s
                .board(&query(sort, Anchor::Top, 0, 1))
                .unwrap()
                .rows
                .remove(0)
                .key;
            for filter in [None, Some("sev:S1,S2 !@bob"), Some("disk")] {
                let mut m = Matching::new(filter.map(parse).as_ref(), now(), s.engine());
                if super::super::board_sort::order(column).customer {
                    m.join_customers();
                }
                for (side, backwards) in [(Side::From, false), (Side::Before, true)] {
                    let (sql, mut args) = window_sql(&m, sort, Some((side, &key)), backwards);
                    args.push(Value::Integer(10));
                    let plan = query_plan(&s, &sql, args);
                    assert!(!plan.contains("TEMP B-TREE"), "{sort} window: {plan}");
                    // Unfiltered, the window seeks its row value on the
                    // order's index: a scan from the start costs the depth.
                    if filter.is_none() && !super::super::board_sort::order(column).customer {
                        assert!(
                            plan.contains("SEARCH e USING INDEX")
                                && [">(?", "<(?", ">?)", "<?)"]
                                    .iter()
                                    .any(|op| plan.contains(op)),
                            "{sort} window does not seek: {plan}"
                        );
                    }
                    let (sql, args) = scan_sql(&m, sort, Some((side, &key)), None);
                    let plan = query_plan(&s, &sql, args);
                    assert!(plan.contains("INDEX"), "{sort} position: {plan}");
                    assert!(!plan.contains("TEMP B-TREE"), "{sort} position: {plan}");
                }
                // A filter's total and the anchor's place, in one read.
                let (sql, args) = scan_sql(&m, sort, None, Some(&key));
                let plan = query_plan(&s, &sql, args);
                assert!(!plan.contains("TEMP B-TREE"), "{sort} total: {plan}");
            }
        }
    }
}

fn parse(text: &str) -> crate::domain::board_filter::BoardFilter {
    crate::domain::board_filter::BoardFilter::parse(text, "alice")
        .unwrap()
        .unwrap()
}

/// A board longer than [`POSITION_COUNTED`] from both ends: T-00000 on,
/// one a minute, all S3, each titled by `title`; its length.
fn long_board(s: &mut Store, title: impl Fn(usize) -> &'static str) -> usize {
    let [c] = customers(s, &["Acme"]).try_into().unwrap();
    let n = POSITION_COUNTED * 2 + 10;
    insert(
        s,
        (0..n)
            .map(|i| open(&c, &format!("T-{i:05}"), Severity::S3, i as i64, title(i)))
            .collect(),
    );
    n
}

/// Past [`POSITION_COUNTED`] rows from both ends, the position is not
/// counted; near either end it is exact.
#[test]
fn the_position_is_counted_only_near_the_ends() {
    each_engine("sort_position", |mut s| {
        let n = long_board(&mut s, |_| "x");
        let page = |anchor| s.board(&query(BoardSort::default(), anchor, 2, 2)).unwrap();
        let top = page(Anchor::Top);
        let at = |i: usize| {
            let r = &top.rows[0];
            let id = r.id + i as i64;
            let key = s
                .board(&query(
                    BoardSort::default(),
                    Anchor::Ticket {
                        id,
                        key: r.key.clone(),
                    },
                    2,
                    2,
                ))
                .unwrap();
            (key.first_position + key.anchor_index, key.position_exact)
        };
        assert_eq!(at(5), (5, true));
        assert_eq!(at(POSITION_COUNTED - 1), (POSITION_COUNTED - 1, true));
        assert_eq!(at(n - 3), (n - 3, true), "counted from the bottom");
        let (_, exact) = at(n / 2);
        assert!(!exact, "the middle is not counted");
        let bottom = page(Anchor::Bottom);
        assert!(bottom.position_exact);
        assert_eq!(bottom.first_position + bottom.anchor_index, n - 1);
    });
}

/// A filter few rows match reads no further than [`POSITION_COUNTED`]
/// rows for its total and the position: past that each is a floor that
/// never exceeds the true figure; near the top the position is exact.
#[test]
fn a_sparse_filter_on_a_long_board_counts_floors_not_every_row() {
    each_engine("sort_sparse", |mut s| {
        let n = long_board(&mut s, |i| if i % 10 == 0 { "needle" } else { "hay" });
        let matches = n / 10 + 1;
        let read = |anchor| {
            let mut q = query(BoardSort::default(), anchor, 2, 2);
            q.filter = Some(parse("needle"));
            s.board(&q).unwrap()
        };
        let top = read(Anchor::Top);
        assert_eq!(ticket_nos(&top), ["T-00000", "T-00010"]);
        assert!(!top.total_exact);
        assert!(
            (POSITION_COUNTED / 10..=matches).contains(&top.total),
            "{}",
            top.total
        );
        let at = |k: usize| {
            let p = read(Anchor::Ticket {
                id: top.rows[0].id + (k * 10) as i64,
                key: top.rows[0].key.clone(),
            });
            assert_eq!(p.rows[p.anchor_index].ticket_no, format!("T-{:05}", k * 10));
            (p.first_position + p.anchor_index, p.position_exact)
        };
        assert_eq!(at(5), (5, true));
        let (floor, exact) = at(300);
        assert!(!exact && floor <= 300, "{floor}");
        let bottom = read(Anchor::Bottom);
        assert_eq!(
            bottom.rows.last().map(|r| r.ticket_no.as_str()),
            Some("T-04000")
        );
        assert!(!bottom.position_exact && !bottom.total_exact);
        assert!(bottom.total >= bottom.first_position + bottom.rows.len());
    });
}

/// `breached` reads only the breached section for its counts: on a long
/// board whose breached rows are few, their total and places are exact.
#[test]
fn a_clock_term_counts_exactly_within_its_section() {
    each_engine("sort_clock", |mut s| {
        let n = long_board(&mut s, |_| "x");
        let mut q = query(BoardSort::default(), Anchor::Top, 2, 2);
        q.filter = Some(parse("breached"));
        // The first 100 (reported before t0 + 100m) are past their 3h.
        q.now = t0() + Duration::minutes(3 * 60 + 100);
        let breached = s.board_counts(q.now).unwrap().breached.n;
        assert_eq!(breached, 100);
        assert!(n > POSITION_COUNTED);
        let page = s.board(&q).unwrap();
        assert!(page.total_exact);
        assert_eq!(page.total, breached);
        q.anchor = Anchor::Bottom;
        let bottom = s.board(&q).unwrap();
        assert!(bottom.position_exact);
        assert_eq!(bottom.first_position + bottom.anchor_index, breached - 1);
    });
}
