//! The notices screen and the delivery ledger, driven by keys against a
//! real store (templates replaced by a renderer that only repeats the
//! context's words).

use crossterm::event::{KeyCode, KeyModifiers};

use crate::app::dialog::Overlay;
use crate::app::model::Screen;
use crate::app::msg::{Effect, Msg};
use crate::app::notices::state::Selected;
use crate::app::test_harness::{Harness, notice_desk, notice_now};
use crate::app::update::update;
use crate::domain::incident::{IncidentLevel, IncidentState};
use crate::store::test_support::{actor, t0};
use chrono::Duration;

#[test]
fn n_opens_the_notices_screen_with_records_and_notices() {
    let mut h = Harness::wide(notice_desk());
    h.keys("n");
    assert!(matches!(h.m.screen, Screen::Notices));
    assert!(h.m.notices.loaded);
    assert!(matches!(
        h.m.notices.selected(),
        Some(Selected::Record(r)) if r.id() == 1
    ));
    // Back with Esc (or n again) to the board.
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, Screen::Board));
}

#[test]
fn the_board_reads_open_incidents_update_countdowns() {
    let h = Harness::wide(notice_desk());
    let shown: Vec<_> = h.m.updates_due.shown().map(|i| i.id).collect();
    assert_eq!(shown, [1]);
    assert_eq!(h.m.countdown_rows(), 1);
    // The countdown takes its line from the table.
    assert_eq!(h.m.board_rows(), 40 - 2 - 1 - 1 - 1);
}

#[test]
fn a_refused_advance_says_why_without_a_dialog() {
    let mut h = Harness::wide(notice_desk());
    h.keys("na");
    assert!(h.m.overlay.is_none());
    assert!(
        h.status()
            .contains("set the level (1-3) to evaluate incident #1"),
        "{}",
        h.status()
    );
    assert!(h.m.status.as_ref().unwrap().error);
}

#[test]
fn an_allowed_advance_asks_then_steps() {
    let mut store = notice_desk();
    store
        .edit_incident(
            1,
            &crate::domain::incident::IncidentEdit {
                level: Some(IncidentLevel::new(2).unwrap()),
                ..Default::default()
            },
            actor(t0()),
        )
        .unwrap();
    let mut h = Harness::wide(store);
    h.keys("na");
    match &h.m.overlay {
        Some(Overlay::ConfirmAdvance { question, .. }) => {
            assert_eq!(question, "Move INC-1 from monitoring to evaluated?")
        }
        other => panic!("{other:?}"),
    }
    let fx = h.press_with(KeyCode::Char('y'), KeyModifiers::NONE);
    assert!(matches!(fx[..], [Effect::AdvanceRecord(_)]), "{fx:?}");
    h.run(fx);
    assert_eq!(h.store.incident(1).unwrap().state, IncidentState::Evaluated);
    assert_eq!(h.status(), "INC-1 is now evaluated");
}

#[test]
fn the_ledger_resends_failed_deliveries_after_asking() {
    let mut h = Harness::wide(notice_desk());
    // The dispatcher fails one delivery for good.
    h.notice_with_a_failed_delivery("550 no such user", true);
    h.key(KeyCode::Enter);
    assert!(matches!(h.m.screen, Screen::Ledger(_)));
    let fx = h.press_with(KeyCode::Char('r'), KeyModifiers::NONE);
    assert!(fx.is_empty());
    match &h.m.overlay {
        Some(Overlay::ConfirmResend { id: 1, question }) => assert!(
            question.contains("queue its failed or dead delivery again"),
            "{question}"
        ),
        other => panic!("{other:?}"),
    }
    let fx = h.press_with(KeyCode::Char('y'), KeyModifiers::NONE);
    assert_eq!(fx, [Effect::Resend(1)]);
    h.run(fx);
    assert_eq!(h.status(), "notice #1: 1 delivery queued again");
    match &h.m.screen {
        Screen::Ledger(l) => {
            assert_eq!(l.loaded.as_ref().unwrap().notice.deliveries.dead, 0)
        }
        _ => panic!("left the ledger"),
    }
}

#[test]
fn the_ledger_follows_the_store_as_the_dispatcher_works() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    h.fill_incident();
    h.ctrl('s');
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::Enter);
    let claimed = h
        .store
        .claim_due(notice_now(), 10, Duration::minutes(5))
        .unwrap();
    h.store
        .delivery_sent(&claimed[0], "250 2.0.0 OK", notice_now())
        .unwrap();
    // Another process wrote: the poll says so and the ledger reads again.
    let fx = update(&mut h.m, Msg::StoreChanged);
    assert!(fx.contains(&Effect::LoadLedger(1)), "{fx:?}");
    h.run(fx);
    match &h.m.screen {
        Screen::Ledger(l) => {
            assert_eq!(l.loaded.as_ref().unwrap().notice.deliveries.sent, 1)
        }
        _ => panic!("left the ledger"),
    }
}

#[test]
fn resend_with_nothing_failed_says_so() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    h.fill_incident();
    h.ctrl('s');
    h.key(KeyCode::Char('y'));
    h.keys("r");
    assert!(h.m.overlay.is_none());
    assert_eq!(
        h.status(),
        "notice #1 has no failed or dead deliveries to re-send"
    );
}

#[test]
fn a_reread_that_finds_the_notices_as_they_were_draws_nothing() {
    let mut h = Harness::wide(notice_desk());
    h.keys("n");
    // Another writer's change: the screen's own read alone (the board
    // behind it is read again too, and draws of its own accord).
    let reread = |h: &mut Harness| {
        crate::app::frame::drawn(&mut h.m);
        let fx = update(&mut h.m, Msg::StoreChanged);
        assert!(fx.contains(&Effect::LoadNotices), "{fx:?}");
        h.run(vec![Effect::LoadNotices]);
    };
    reread(&mut h);
    assert!(!h.m.dirty, "the same records and notices again");
    let new = crate::domain::incident::NewIncident {
        title: "Disk firmware".into(),
        kind: crate::domain::incident::IncidentKind::OsVulnerability,
        level: None,
        services: vec!["ECS".into()],
        regions: vec!["cn-north-4".into()],
        guidance: String::new(),
        next_update_due: None,
    };
    h.store.add_incident(&new, actor(notice_now())).unwrap();
    reread(&mut h);
    assert!(h.m.dirty, "a new incident");
}
