//! The customer view driven by keys against a real store.

use crossterm::event::KeyCode;

use crate::app::model::Screen;
use crate::app::test_harness::Harness;

#[test]
fn c_opens_the_customer_of_the_selected_escalation() {
    let mut h = Harness::new(2);
    h.keys("c");
    match &h.m.screen {
        Screen::Customer(c) => {
            assert_eq!(c.name, "Acme");
            assert_eq!(c.loaded.as_ref().unwrap().customer.name, "Acme");
        }
        _ => panic!("no customer view"),
    }
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, Screen::Board));
}

#[test]
fn a_reread_that_finds_the_customer_as_it_was_draws_nothing() {
    use crate::app::msg::{Effect, Msg};
    let mut h = Harness::new(2);
    h.keys("c");
    crate::app::frame::drawn(&mut h.m);
    // The view's own read after another writer's change (the board
    // behind it is read again too, and draws of its own accord).
    let fx = h.send(Msg::StoreChanged);
    let own = fx
        .into_iter()
        .filter(|e| matches!(e, Effect::LoadCustomer(_)));
    h.run(own.collect());
    assert!(!h.m.dirty, "the same customer again");
    h.send(Msg::CustomerLoaded {
        name: "Acme".into(),
        result: Err("disk I/O error".into()),
    });
    assert!(h.m.dirty, "a failed read is shown");
}
