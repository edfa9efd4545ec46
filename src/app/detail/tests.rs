//! The escalation detail driven by keys against a real store.

use crossterm::event::KeyCode;

use crate::app::model::Screen;
use crate::app::msg::{Effect, Msg};
use crate::app::test_harness::Harness;
use crate::domain::{EscalationState, Severity};
use crate::store::test_support::{actor, new_esc, t0};

#[test]
fn detail_opens_acts_and_closes() {
    let mut h = Harness::new(3);
    h.keys("j");
    h.key(KeyCode::Enter);
    match &h.m.screen {
        Screen::Detail(d) => {
            let file = d.loaded.as_ref().unwrap();
            let (e, history) = (&file.escalation, &file.history);
            assert_eq!(e.ticket_no, "T001");
            assert_eq!(history.len(), 1);
        }
        _ => panic!("detail did not open"),
    }
    h.keys("a");
    match &h.m.screen {
        Screen::Detail(d) => {
            let file = d.loaded.as_ref().unwrap();
            let (e, history) = (&file.escalation, &file.history);
            assert_eq!(e.state, EscalationState::Acknowledged);
            assert_eq!(history.len(), 2);
        }
        _ => panic!("detail closed"),
    }
    h.keys("q");
    assert!(matches!(h.m.screen, Screen::Board));
    assert!(!h.m.quit);
    h.keys("q");
    assert!(h.m.quit);
    assert!(h.other.contains(&Effect::Quit));
}

#[test]
fn detail_scrolls_to_the_real_end_and_back() {
    let mut h = Harness::new(0);
    let mut long = new_esc("LONG", Severity::S3, t0());
    long.description = (0..60).map(|i| format!("line {i}\n")).collect();
    h.store.add_escalation(&long, actor(t0())).unwrap();
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('G'));
    let max = match &h.m.screen {
        Screen::Detail(d) => d.scroll,
        _ => panic!("no detail"),
    };
    assert!(max > 40 && max < 90, "{max}");
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('k'));
    match &h.m.screen {
        Screen::Detail(d) => assert_eq!(d.scroll, max - 1),
        _ => panic!("no detail"),
    }
}
