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

#[test]
fn u_updates_the_customer_from_the_detail_and_the_detail_shows_it() {
    let mut store = crate::app::test_harness::notice_desk();
    store
        .add_escalation(&new_esc("T-9", Severity::S2, t0()), actor(t0()))
        .unwrap();
    let mut h = Harness::wide(store);
    h.key(KeyCode::Enter);
    h.keys("u");
    // An empty update is refused in the dialog, which stays.
    h.ctrl('s');
    assert!(h.m.overlay.is_some());
    h.keys("Failover done; watching replication");
    // Tab to the toggle, Space: by email too.
    h.key(KeyCode::Tab);
    h.keys(" ");
    // The dialog shows what would go, rendered by the worker, before any
    // of it is queued.
    match &h.m.overlay {
        Some(crate::app::dialog::Overlay::Text(t)) => {
            let shown = t.preview.clone().expect("previewed").unwrap();
            assert!(shown.contains("email: "), "{shown}");
        }
        _ => panic!("the update dialog closed"),
    }
    assert_eq!(h.store.last_customer_update(1).unwrap(), None);
    h.ctrl('s');
    assert_eq!(h.m.overlay, None);
    assert!(
        h.status()
            .starts_with("T-9 (#1): update to Acme queued as notice #"),
        "{}",
        h.status()
    );
    assert!(h.status().contains("(3 deliveries)"), "{}", h.status());
    match &h.m.screen {
        Screen::Detail(d) => {
            let file = d.loaded.as_ref().unwrap();
            let u = file
                .last_update
                .as_ref()
                .expect("the detail shows the update");
            assert_eq!(u.message, "Failover done; watching replication");
            assert_eq!(u.deliveries.queued, 3);
            assert!(
                file.history
                    .iter()
                    .any(|h| h.detail.starts_with("customer update, notice #")),
                "{:?}",
                file.history
            );
        }
        _ => panic!("the detail closed"),
    }
    // Chat only: the group's robot alone.
    h.keys("u");
    h.keys("Fixed");
    h.ctrl('s');
    assert!(h.status().contains("(1 delivery)"), "{}", h.status());
}

#[test]
fn a_reread_that_finds_the_file_as_it_was_draws_nothing() {
    let mut h = Harness::new(2);
    h.key(KeyCode::Enter);
    let Screen::Detail(d) = &h.m.screen else {
        panic!("detail did not open")
    };
    let (id, file) = (d.id, d.loaded.clone().unwrap());
    crate::app::frame::drawn(&mut h.m);
    h.send(Msg::DetailLoaded {
        id,
        result: Ok(file.clone()),
    });
    assert!(!h.m.dirty, "the same file again");
    h.send(Msg::DetailLoaded {
        id,
        result: Err("disk I/O error".into()),
    });
    assert!(h.m.dirty, "a failed read is shown");
}
