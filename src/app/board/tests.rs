//! The board, its quota pane and triage, driven by keys against a real
//! store.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::dialog::{Overlay, TextPurpose};
use crate::app::model::Model;
use crate::app::model::Screen;
use crate::app::msg::{Effect, Msg};
use crate::app::test_harness::Harness;
use crate::app::update::{initial_effects, update};
use crate::domain::{EscalationState, Severity, TriageOp};
use crate::store::Anchor;
use crate::store::test_support::{actor, new_esc, t0};

#[test]
fn starts_at_the_top_with_a_window_of_three_screens() {
    let h = Harness::new(50);
    let mut m = Model::new("alice", "x", t0());
    match &initial_effects(&mut m)[..] {
        [
            Effect::LoadBoard { query: q, .. },
            Effect::LoadQuotas(_),
            Effect::LoadUpdatesDue { .. },
            Effect::CheckAlarms,
        ] => {
            assert_eq!(q.anchor, Anchor::Top);
            assert_eq!((q.before, q.after), (20, 40));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(h.selected(), "T000");
    assert_eq!(h.m.board.page.total, 50);
    assert_eq!(h.m.board.page.rows.len(), 10 * 2);
}

#[test]
fn moving_scrolls_and_refetches_before_reaching_the_edge() {
    let mut h = Harness::new(100);
    h.keys("jjj");
    assert_eq!(h.selected(), "T003");
    assert_eq!(h.m.board.scroll_top, 0);
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    assert_eq!(h.selected(), "T033");
    assert_eq!(h.m.board.selected_position(), 33);
    // The selection is on screen and rows around it are loaded.
    let b = &h.m.board;
    assert!(b.scroll_top <= 33 && 33 < b.scroll_top + 10);
    assert!(b.page.first_position <= b.scroll_top);
    assert!(b.page.first_position + b.page.rows.len() >= b.scroll_top + 10);
    h.key(KeyCode::Char('G'));
    assert_eq!(h.selected(), "T099");
    assert_eq!(h.m.board.scroll_top, 90);
    h.key(KeyCode::Char('g'));
    assert_eq!((h.selected().as_str(), h.m.board.scroll_top), ("T000", 0));
    h.key(KeyCode::Char('k'));
    assert_eq!(h.selected(), "T000");
}

#[test]
fn cursor_stays_on_its_escalation_when_rows_shift_above_it() {
    let mut h = Harness::new(20);
    h.keys("jjjjj");
    assert_eq!(h.selected(), "T005");
    // Another process adds an escalation that sorts first (the store
    // tests check that a poll notices such writes).
    let early = t0() - Duration::hours(1);
    h.store
        .add_escalation(&new_esc("EARLY", Severity::S3, early), actor(early))
        .unwrap();
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
    assert_eq!(h.selected(), "T005");
    assert_eq!(h.m.board.selected_position(), 6);
    assert_eq!(h.m.board.page.total, 21);
}

#[test]
fn store_poll_reports_only_other_writers() {
    let mut h = Harness::new(3);
    h.other.clear();
    h.run(vec![Effect::PollStore]);
    // Nothing changed: the poll produced no message, so nothing reloaded.
    assert_eq!(h.other, vec![Effect::PollStore]);
}

#[test]
fn acknowledge_acts_at_once_and_reports() {
    let mut h = Harness::new(3);
    h.keys("a");
    assert_eq!(h.state_of(1), EscalationState::Acknowledged);
    let status = h.m.status.clone().unwrap();
    assert!(!status.error);
    assert!(
        status
            .text
            .starts_with("T000 (#1) acknowledged after 30m00s (within the S3 SLA")
    );
    // The cursor stayed at the top: on the next unanswered escalation.
    assert_eq!(h.selected(), "T001");
    assert_eq!(h.m.board.selected_position(), 0);
    // So the breached top is answered one key at a time.
    h.keys("aa");
    assert_eq!(h.state_of(2), EscalationState::Acknowledged);
    assert_eq!(h.state_of(3), EscalationState::Acknowledged);
    // None unanswered is left: the place is now the first answered one.
    assert_eq!(h.m.board.selected_position(), 0);
    assert_eq!(h.selected(), "T000");
}

#[test]
fn with_the_old_behaviour_the_cursor_follows_the_answered_ticket() {
    let mut h = Harness::new(3);
    h.m.ack_keeps_place = false;
    h.keys("a");
    assert_eq!(h.state_of(1), EscalationState::Acknowledged);
    // T000 went below the unanswered ones, and the cursor with it.
    assert_eq!(h.selected(), "T000");
    assert_eq!(h.m.board.selected_position(), 2);
}

#[test]
fn an_acknowledgement_in_the_detail_does_not_move_the_board() {
    let mut h = Harness::new(3);
    h.keys("j");
    h.key(KeyCode::Enter);
    h.keys("a");
    h.key(KeyCode::Esc);
    // Back on the board, the cursor is on the escalation it opened.
    assert_eq!(h.selected(), "T001");
}

#[test]
fn refused_step_is_explained_without_a_dialog() {
    let mut h = Harness::new(3);
    h.keys("r");
    assert_eq!(h.m.overlay, None);
    let status = h.m.status.clone().unwrap();
    assert!(status.error);
    assert_eq!(
        status.text,
        "cannot resolve T000 (#1): it is new (acknowledge it and start work first)"
    );
}

#[test]
fn withdraw_and_resolve_ask_for_their_text() {
    let mut h = Harness::new(3);
    h.keys("w");
    match &h.m.overlay {
        Some(Overlay::Text(t)) => assert_eq!(t.purpose, TextPurpose::Withdraw),
        other => panic!("{other:?}"),
    }
    // Esc writes nothing.
    h.keys("dup");
    h.key(KeyCode::Esc);
    assert_eq!(h.m.overlay, None);
    assert_eq!(h.state_of(1), EscalationState::New);
    // An empty reason is refused beside the text, the dialog kept.
    h.keys("w");
    h.ctrl('s');
    match &h.m.overlay {
        Some(Overlay::Text(t)) => assert!(t.text.error.as_ref().unwrap().contains("empty")),
        other => panic!("{other:?}"),
    }
    h.keys("customer opened it twice");
    h.key(KeyCode::Enter);
    h.keys("see T002");
    h.ctrl('s');
    assert_eq!(h.m.overlay, None);
    assert_eq!(h.state_of(1), EscalationState::Withdrawn);
    assert_eq!(
        h.store.escalation(1).unwrap().resolution.as_deref(),
        Some("customer opened it twice\nsee T002")
    );
    assert!(
        h.status().starts_with("T000 (#1) withdrawn: customer"),
        "{}",
        h.status()
    );
    assert_eq!(h.m.board.page.total, 2);
    assert_eq!(h.selected(), "T001");

    // Acknowledged, T001 goes below T002, the one still unanswered.
    h.keys("a");
    assert_eq!(h.selected(), "T002");
    h.keys("ji");
    h.keys("r");
    match &h.m.overlay {
        Some(Overlay::Text(t)) => assert_eq!(t.purpose, TextPurpose::Resolve),
        other => panic!("{other:?}"),
    }
    h.keys("ELB idle timeout raised to 120 s");
    h.ctrl('s');
    let e = h.store.escalation(2).unwrap();
    assert_eq!(e.state, EscalationState::Resolved);
    assert_eq!(
        e.resolution.as_deref(),
        Some("ELB idle timeout raised to 120 s")
    );
}

#[test]
fn a_note_is_written_from_the_board_for_the_desk_or_the_customer() {
    let mut h = Harness::new(2);
    h.keys("C");
    h.keys("Customer sent the ELB logs");
    // Tab to the toggle, Space marks it for the customer.
    h.key(KeyCode::Tab);
    h.keys(" ");
    h.ctrl('s');
    assert_eq!(h.m.overlay, None);
    assert_eq!(
        h.status(),
        "T000 (#1) note for the customer's Ticket List added"
    );
    let notes = h.store.notes(1).unwrap();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].for_customer);
    assert_eq!(notes[0].text, "Customer sent the ELB logs");
    // Its state did not move.
    assert_eq!(h.state_of(1), EscalationState::New);
}

#[test]
fn hand_off_picks_an_engineer_seen_and_keeps_the_note() {
    let mut h = Harness::new(2);
    // bob has been seen: he acknowledged T001.
    let bob = crate::store::Actor {
        engineer: "bob",
        now: t0(),
    };
    h.store.triage(2, &TriageOp::Acknowledge, bob).unwrap();
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
    h.keys("gh");
    match &h.m.overlay {
        Some(Overlay::HandOff(f)) => assert_eq!(f.engineers, ["bob"], "not alice herself"),
        other => panic!("{other:?}"),
    }
    // Typing narrows; Enter takes the one under the cursor, on to the note.
    h.keys("b");
    h.key(KeyCode::Enter);
    h.keys("RDS logs attached");
    h.key(KeyCode::Enter);
    assert_eq!(h.m.overlay, None);
    let e = h.store.escalation(1).unwrap();
    assert_eq!(e.assignee.as_deref(), Some("bob"));
    let notes = h.store.notes(1).unwrap();
    assert_eq!(notes[0].handed_to.as_deref(), Some("bob"));
    assert_eq!(notes[0].text, "RDS logs attached");
    assert!(
        h.status()
            .contains("assigned to bob; note: RDS logs attached"),
        "{}",
        h.status()
    );
    // A name nobody has been seen by is taken as typed.
    h.keys("h");
    h.keys("carol");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.store.escalation(1).unwrap().assignee.as_deref(),
        Some("carol")
    );
}

#[test]
fn close_is_on_the_board_and_asks() {
    let mut h = Harness::new(1);
    h.keys("x");
    assert!(
        h.status().starts_with("cannot close T000 (#1): it is new"),
        "{}",
        h.status()
    );
    h.keys("ai");
    h.keys("r");
    h.keys("fixed");
    h.ctrl('s');
    // Resolved ones leave the board; the detail still closes it.
    h.send(Msg::Key(KeyEvent::new(KeyCode::Null, KeyModifiers::NONE)));
    let fx = crate::app::detail::update::open(&mut h.m, 1);
    h.run(fx);
    h.keys("x");
    match &h.m.overlay {
        Some(Overlay::Confirm(c)) => {
            assert!(c.question.starts_with("Close T000 (#1)"), "{}", c.question)
        }
        other => panic!("{other:?}"),
    }
    h.keys("y");
    assert_eq!(h.state_of(1), EscalationState::Closed);
}

#[test]
fn severity_picker_by_number_or_cursor() {
    let mut h = Harness::new(3);
    h.keys("s");
    assert!(matches!(
        h.m.overlay,
        Some(Overlay::PickSeverity { cursor: 2, .. })
    ));
    h.keys("1");
    assert_eq!(h.m.overlay, None);
    let e = h.store.escalation(1).unwrap();
    assert_eq!(e.severity, Severity::S1);
    assert_eq!(e.deadline, t0() + Duration::minutes(15));
    // T000 is now breached S1 and still first.
    assert_eq!(h.selected(), "T000");

    h.keys("s");
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert_eq!(h.store.escalation(1).unwrap().severity, Severity::S3);

    h.keys("s3");
    assert_eq!(h.m.status.as_ref().unwrap().text, "T000 (#1) stays S3");
}

#[test]
fn out_of_scope_needs_a_reason() {
    let mut h = Harness::new(2);
    h.keys("o");
    assert!(matches!(h.m.overlay, Some(Overlay::PickReason { .. })));
    h.key(KeyCode::Esc);
    assert_eq!(h.state_of(1), EscalationState::New);
    h.keys("o3");
    let e = h.store.escalation(1).unwrap();
    assert_eq!(e.state, EscalationState::OutOfScope);
    assert_eq!(
        e.out_of_scope_reason,
        Some(crate::domain::OutOfScopeReason::IdcHardware)
    );
}

#[test]
fn assign_to_me() {
    let mut h = Harness::new(1);
    h.keys("A");
    assert_eq!(
        h.store.escalation(1).unwrap().assignee.as_deref(),
        Some("alice")
    );
    h.keys("A");
    assert!(h.m.status.as_ref().unwrap().error);
}

#[test]
fn filter_narrows_live_and_esc_clears() {
    let mut h = Harness::new(30);
    h.keys("jjj/");
    assert!(h.m.filter.editing);
    h.keys("T02");
    assert_eq!(h.m.board.page.total, 10);
    assert_eq!(h.selected(), "T020");
    // While typing, letters are text, not commands.
    assert_eq!(h.state_of(21), EscalationState::New);
    h.key(KeyCode::Enter);
    assert!(!h.m.filter.editing);
    assert_eq!(h.m.filter.text().as_deref(), Some("T02"));
    h.keys("j");
    assert_eq!(h.selected(), "T021");
    h.key(KeyCode::Esc);
    assert_eq!(h.m.filter.text(), None);
    assert_eq!(h.m.board.page.total, 30);
}

#[test]
fn ticks_redraw_and_reread_only_when_a_count_changes() {
    let mut h = Harness::new(1);
    // T000: S3 reported at t0, deadline t0 + 3h.
    let deadline = t0() + Duration::hours(3);
    let mut at = |t: DateTime<Utc>| update(&mut h.m, Msg::Tick(t));
    // Entering the last hour happens at deadline - 3599 s.
    // Its alarm mark is 36 minutes before the deadline: no look sooner.
    let fx = at(deadline - Duration::seconds(3600));
    assert_eq!(fx, vec![]);
    let fx = at(deadline - Duration::seconds(3599));
    assert!(matches!(&fx[..], [Effect::LoadBoard { .. }]), "{fx:?}");
    let fx = at(deadline - Duration::minutes(36));
    assert_eq!(fx.first(), Some(&Effect::CheckAlarms), "{fx:?}");
    assert!(h.m.needs_frame());
}

#[test]
fn key_releases_are_ignored_and_ctrl_c_quits_from_anywhere() {
    let mut h = Harness::new(2);
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert!(h.send(Msg::Key(release)).is_empty());
    assert_eq!(h.selected(), "T000");
    h.keys("?");
    assert!(matches!(h.m.overlay, Some(Overlay::Help { .. })));
    let fx = h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(fx, vec![Effect::Quit]);
    assert!(h.m.quit);
}

#[test]
fn resize_keeps_the_selection_visible() {
    let mut h = Harness::new(40);
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    assert_eq!(h.m.board.selected_position(), 20);
    let fx = h.send(Msg::Resize {
        width: 100,
        height: 8,
    });
    h.run(fx);
    let b = &h.m.board;
    let rows = h.m.board_rows();
    assert_eq!(rows, 4);
    assert!(b.scroll_top <= 20 && 20 < b.scroll_top + rows);
}

#[test]
fn empty_board_keys_do_nothing_harmful() {
    let mut h = Harness::new(0);
    h.key(KeyCode::Enter);
    assert!(matches!(h.m.screen, Screen::Board));
    h.keys("jkGgawrsoA");
    assert_eq!(h.m.status.as_ref().unwrap().text, "no escalation selected");
}

#[test]
fn a_page_older_than_a_jump_is_ignored() {
    let mut h = Harness::new(100);
    h.keys("jjj");
    // G is pressed while a refresh anchored on the old row is in flight.
    let stale = update(&mut h.m, Msg::StoreChanged);
    let fx = h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('G'),
        KeyModifiers::NONE,
    )));
    // Replies come in request order: the stale page first, then G's.
    h.run(stale);
    h.run(fx);
    assert_eq!(h.selected(), "T099");
    // A refresh asked for while a jump is pending goes where the jump goes.
    let fx = h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('g'),
        KeyModifiers::NONE,
    )));
    let refresh = update(&mut h.m, Msg::StoreChanged);
    match &refresh[..] {
        [
            Effect::LoadBoard { query, .. },
            Effect::LoadQuotas(_),
            Effect::LoadUpdatesDue { .. },
            Effect::CheckAlarms,
        ] => {
            assert_eq!(query.anchor, Anchor::Top)
        }
        other => panic!("{other:?}"),
    }
    h.run(fx);
    h.run(refresh);
    assert_eq!(h.selected(), "T000");
}

#[test]
fn page_up_from_the_bottom_moves_a_whole_screen() {
    let mut h = Harness::new(100);
    h.key(KeyCode::Char('G'));
    h.key(KeyCode::PageUp);
    assert_eq!(h.m.board.selected_position(), 89);
    h.key(KeyCode::PageUp);
    assert_eq!(h.m.board.selected_position(), 79);
}

#[test]
fn a_failed_read_is_kept_visible_and_retried_each_tick() {
    let mut h = Harness::new(3);
    let fx = h.send(Msg::BoardLoaded {
        seq: h.m.board.next_seq,
        result: Err("disk I/O error".into()),
    });
    assert!(fx.is_empty());
    assert_eq!(h.m.board.error.as_deref(), Some("disk I/O error"));
    let fx = h.send(Msg::Tick(t0() + Duration::hours(1)));
    assert!(matches!(&fx[..], [Effect::LoadBoard { .. }]), "{fx:?}");
    h.run(fx);
    assert_eq!(h.m.board.error, None);
}

#[test]
fn tab_moves_the_keyboard_to_the_quotas_and_back() {
    let mut h = Harness::new(3);
    h.key(KeyCode::Tab);
    assert_eq!(h.m.focus, crate::app::board::state::BoardFocus::Quotas);
    // Triage keys do nothing there, and say why.
    h.keys("a");
    assert_eq!(h.state_of(1), EscalationState::New);
    assert!(h.m.status.as_ref().unwrap().text.contains("Tab goes back"));
    h.key(KeyCode::Tab);
    assert_eq!(h.m.focus, crate::app::board::state::BoardFocus::Board);
    h.keys("a");
    assert_eq!(h.state_of(1), EscalationState::Acknowledged);
}

#[test]
fn escalating_to_experts_names_the_unit_it_takes_before_asking() {
    let mut h = Harness::new(1);
    h.keys("e");
    match &h.m.overlay {
        Some(Overlay::Confirm(c)) => {
            assert_eq!(c.op, TriageOp::EscalateToExperts);
            assert!(
                c.question.starts_with(
                    "Escalate T000 (#1) to R&D experts? It takes Direct Expert Support unit 1 of 5 for Acme"
                ),
                "{}",
                c.question
            );
        }
        other => panic!("{other:?}"),
    }
    h.keys("y");
    assert_eq!(
        h.store.escalation(1).unwrap().kind,
        crate::domain::EscalationKind::Expert
    );
}

#[test]
fn escalating_without_a_subscription_is_refused_before_any_dialog() {
    // Acme's year ended in August; its escalation from then is still open.
    let mut store = crate::store::test_support::subscribed("2025-09-01");
    let august = t0() - Duration::days(70);
    store
        .add_escalation(&new_esc("T-8", Severity::S5, august), actor(august))
        .unwrap();
    let mut h = Harness::over(store);
    h.keys("e");
    assert_eq!(h.m.overlay, None);
    let status = h.m.status.clone().unwrap();
    assert!(status.error);
    assert!(
        status.text.contains("no active subscription on 2026-11-02"),
        "{}",
        status.text
    );
    assert_eq!(
        h.store.escalation(1).unwrap().kind,
        crate::domain::EscalationKind::General
    );
}

#[test]
fn quotas_reload_when_the_month_turns() {
    let mut h = Harness::new(1);
    let refill = h.m.quotas.refill_at.expect("loaded at start");
    let fx = h.send(Msg::Tick(refill - Duration::seconds(1)));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::LoadQuotas(_))),
        "{fx:?}"
    );
    let fx = h.send(Msg::Tick(refill));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadQuotas(_))),
        "{fx:?}"
    );
}
