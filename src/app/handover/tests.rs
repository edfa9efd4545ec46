//! `H` from the board: the handover of the last 8 hours read from the
//! store, `t` for 12 and 24, scrolling, Esc back, a failed read said.

use crossterm::event::KeyCode;

use crate::app::model::Screen;
use crate::app::msg::{Effect, Msg};
use crate::app::test_harness::Harness;

fn state(h: &Harness) -> &super::state::HandoverState {
    match &h.m.screen {
        Screen::Handover(s) => s,
        _ => panic!("not on the handover"),
    }
}

#[test]
fn h_opens_the_last_eight_hours_and_t_steps_the_span() {
    let mut h = Harness::new(3);
    h.keys("H");
    let s = state(&h);
    assert_eq!(s.hours, 8);
    let ho = s.loaded.as_ref().expect("read from the store");
    assert_eq!(ho.until - ho.since, chrono::Duration::hours(8));
    assert_eq!(ho.arrived.len(), 3, "the harness's three came in");
    h.keys("t");
    assert_eq!(state(&h).hours, 12);
    assert_eq!(
        state(&h).loaded.as_ref().map(|x| x.until - x.since),
        Some(chrono::Duration::hours(12))
    );
    h.keys("tt");
    assert_eq!(state(&h).hours, 8, "round again after 24");
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, Screen::Board));
}

#[test]
fn a_failed_read_is_said_and_a_change_reads_it_again() {
    let mut h = Harness::new(1);
    h.keys("H");
    h.send(Msg::HandoverLoaded(Err("disk I/O error".into())));
    let s = state(&h);
    assert_eq!(s.error.as_deref(), Some("disk I/O error"));
    assert!(
        s.loaded.is_some(),
        "what was read before stays, marked by the error"
    );
    let fx = h.send(Msg::StoreChanged);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadHandover { .. })),
        "{fx:?}"
    );
    h.run(fx);
    assert_eq!(state(&h).error, None);
}
