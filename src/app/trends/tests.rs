//! `T` from the board: the last 30 days read from the store, `t` for 12
//! weeks and 12 months, `f` for each severity, Esc back, a failed read
//! said and a change read again.

use crossterm::event::KeyCode;

use crate::app::model::Screen;
use crate::app::msg::{Effect, Msg};
use crate::app::test_harness::Harness;
use crate::domain::Severity;
use crate::domain::trends::Span;

fn state(h: &Harness) -> &super::state::TrendsState {
    match &h.m.screen {
        Screen::Trends(s) => s,
        _ => panic!("not on the trends"),
    }
}

#[test]
fn t_opens_thirty_days_t_steps_the_span_and_v_the_severity() {
    let mut h = Harness::new(3);
    h.keys("T");
    let s = state(&h);
    assert_eq!((s.span, s.severity), (Span::Days, None));
    let tr = s.loaded.as_ref().expect("read from the store");
    assert_eq!(tr.sla.periods.len(), 30);
    assert_eq!(tr.sla.total.all.opened, 3, "the harness's three came in");
    h.keys("f");
    assert_eq!(state(&h).severity, Some(Severity::S1));
    h.keys("t");
    let s = state(&h);
    assert_eq!(s.span, Span::Weeks);
    assert_eq!(s.severity, Some(Severity::S1), "the severity stays");
    assert_eq!(s.loaded.as_ref().map(|t| t.sla.periods.len()), Some(12));
    h.keys("tt");
    assert_eq!(state(&h).span, Span::Days, "round again after 12 months");
    h.keys("fffff");
    assert_eq!(state(&h).severity, None, "all again after S5");
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, Screen::Board));
}

#[test]
fn an_answer_for_an_earlier_span_is_dropped() {
    let mut h = Harness::new(1);
    h.keys("T");
    let fx = h.press(KeyCode::Char('t'));
    assert_eq!(fx, vec![Effect::LoadTrends { span: Span::Weeks }]);
    // The 30 days' answer arriving late does not stand for the weeks.
    let days = h.store.trends(Span::Days, h.m.now, 20).unwrap();
    h.send(Msg::TrendsLoaded {
        span: Span::Days,
        result: Ok(Box::new(days)),
    });
    assert_eq!(state(&h).loaded, None);
    h.run(fx);
    assert_eq!(
        state(&h).loaded.as_ref().map(|t| t.sla.span),
        Some(Span::Weeks)
    );
}

#[test]
fn a_failed_read_is_said_and_a_change_reads_it_again() {
    let mut h = Harness::new(1);
    h.keys("T");
    h.send(Msg::TrendsLoaded {
        span: Span::Days,
        result: Err("disk I/O error".into()),
    });
    let s = state(&h);
    assert_eq!(s.error.as_deref(), Some("disk I/O error"));
    assert!(s.loaded.is_some(), "what was read before stays, marked");
    let fx = h.send(Msg::StoreChanged);
    assert!(
        fx.contains(&Effect::LoadTrends { span: Span::Days }),
        "{fx:?}"
    );
    h.run(fx);
    assert_eq!(state(&h).error, None);
}

#[test]
fn the_header_fortnight_is_read_where_it_is_shown_and_forgotten_when_unreadable() {
    let mut h = Harness::new(2);
    assert_eq!(h.m.trend.fortnight, None, "80 columns: not shown, not read");
    let fx = h.send(Msg::Resize {
        width: 190,
        height: 14,
    });
    assert!(fx.contains(&Effect::LoadFortnight), "{fx:?}");
    h.run(fx);
    let days = h.m.trend.fortnight.clone().expect("read once wide enough");
    assert_eq!(days.len(), 14);
    let fx = h.send(Msg::StoreChanged);
    assert!(fx.contains(&Effect::LoadFortnight), "{fx:?}");
    h.send(Msg::FortnightLoaded(Err("locked".into())));
    assert_eq!(
        h.m.trend.fortnight, None,
        "no sparkline rather than a stale one"
    );
}

#[test]
fn sections_scroll_within_the_screen() {
    let mut h = Harness::new(1);
    h.keys("T");
    h.keys("jjjjjj");
    assert_eq!(state(&h).scroll, super::state::SECTIONS - 1);
    h.keys("k");
    assert_eq!(state(&h).scroll, super::state::SECTIONS - 2);
    h.keys("t");
    assert_eq!(
        state(&h).scroll,
        super::state::SECTIONS - 2,
        "kept across spans"
    );
    h.keys("g");
    assert_eq!(state(&h).scroll, 0);
}
