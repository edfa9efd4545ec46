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
