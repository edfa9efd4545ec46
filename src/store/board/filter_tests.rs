//! The filter language's fields as SQL on the board: each field, its
//! negation (a missing assignee included), terms ANDed, the desk-wide
//! counts untouched, and field terms kept on the board index.

use super::super::test_support::{each_engine, t0};
use super::tests::{
    assert_walks_the_board_index, filtered, pause_two, sample, sample_on, ticket_nos,
};
use super::*;

fn shown(s: &Store, text: &str) -> Vec<String> {
    ticket_nos(&filtered(s, text))
        .into_iter()
        .map(String::from)
        .collect()
}

#[test]
fn every_field_narrows_the_board() {
    each_engine("every_field_narrows_the_board", |s| {
        let mut s = sample_on(s);
        // At +20m: s1 (due +15m) is breached; s1-late (+25m) and s2 (+30m)
        // are due within the hour; s3 (+3h) is not; alice answered s4-ack.
        assert_eq!(shown(&s, "sev:S1"), ["s1", "s1-late"]);
        assert_eq!(shown(&s, "sev:S1,S2"), ["s1", "s1-late", "s2"]);
        assert_eq!(shown(&s, "!sev:S1"), ["s2", "s3", "s4-ack"]);
        assert_eq!(shown(&s, "state:new").len(), 4);
        assert_eq!(shown(&s, "state:ack"), ["s4-ack"]);
        assert_eq!(shown(&s, "breached"), ["s1"]);
        assert_eq!(shown(&s, "!breached").len(), 4);
        assert_eq!(shown(&s, "due:<1h"), ["s1", "s1-late", "s2"]);
        assert_eq!(shown(&s, "due:>1h"), ["s3"]);
        assert_eq!(shown(&s, "@alice"), ["s4-ack"]);
        assert_eq!(shown(&s, "@ALICE"), ["s4-ack"]);
        assert_eq!(shown(&s, "@me"), ["s4-ack"]);
        assert_eq!(shown(&s, "!@alice").len(), 4, "no assignee is not alice");
        assert_eq!(shown(&s, "unassigned").len(), 4);
        assert_eq!(shown(&s, "cust:acm").len(), 5);
        assert!(shown(&s, "cust:zzz").is_empty());
        assert_eq!(shown(&s, "kind:general").len(), 5);
        assert!(shown(&s, "kind:expert").is_empty());
        assert_eq!(shown(&s, "sev:S1 !breached"), ["s1-late"]);
        assert_eq!(shown(&s, "sev:S1 !breached s1"), ["s1-late"]);
        pause_two(&mut s);
        assert_eq!(shown(&s, "paused"), ["s1", "s3"]);
        assert_eq!(
            shown(&s, "breached"),
            Vec::<String>::new(),
            "paused is never breached"
        );

        let p = filtered(&s, "sev:S1");
        assert_eq!(
            (p.total, p.counts.open),
            (2, 5),
            "the header counts the whole desk"
        );
    });
}

#[test]
fn field_terms_stay_on_the_board_index_and_off_the_customers() {
    let s = sample();
    let f = crate::domain::board_filter::BoardFilter::parse("sev:S1 !@bob breached", "alice")
        .unwrap()
        .unwrap();
    let m = Matching::new(Some(&f), t0(), crate::store::engine::Engine::Sqlite);
    assert_eq!(m.from(), super::super::board_filter::FROM_ESCALATIONS);
    let key = BoardKey::unanswered(t0(), 0);
    let (sql, args) = scan_sql(&m, BoardSort::default(), Some((Side::From, &key)), None);
    assert!(!sql.contains("customers"), "{sql}");
    assert_walks_the_board_index(&s, &sql, args);
    let text = crate::domain::board_filter::BoardFilter::parse("rds", "alice")
        .unwrap()
        .unwrap();
    // Free text and `cust:` test the customer's id, from one list of the
    // customers whose names match, not a join per row.
    let m = Matching::new(Some(&text), t0(), crate::store::engine::Engine::Sqlite);
    assert_eq!(m.from(), super::super::board_filter::FROM_ESCALATIONS);
    let (sql, args) = scan_sql(&m, BoardSort::default(), Some((Side::From, &key)), None);
    assert!(!sql.contains("JOIN customers"), "{sql}");
    assert_walks_the_board_index(&s, &sql, args);
}

/// `breached` and `due:` bound the default order's index to the rows due
/// before (or from) their moment, so a window past the last match stops
/// there instead of walking every open row below it.
#[test]
fn clock_terms_bound_the_default_orders_index() {
    let s = sample();
    for text in ["breached", "due:<1h", "sev:S1 breached"] {
        let f = crate::domain::board_filter::BoardFilter::parse(text, "alice")
            .unwrap()
            .unwrap();
        let m = Matching::new(Some(&f), t0(), crate::store::engine::Engine::Sqlite);
        let key = BoardKey::unanswered(t0(), 0);
        let (sql, mut args) = window_sql(&m, BoardSort::default(), Some((Side::From, &key)), false);
        args.push(Value::Integer(10));
        let plan = super::super::test_plan::query_plan(&s, &sql, args);
        assert!(
            plan.contains("escalations_board_wait") && plan.contains("board_wait<?"),
            "{text}: {plan}"
        );
    }
}
