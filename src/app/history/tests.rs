//! `F` (or `:history`) from the board: every escalation newest first,
//! searched as typed, paged through the keyset both ways, a closed one
//! opened in the detail and Esc back to the same search; a failed read
//! said and tried again.

use crossterm::event::KeyCode;

use super::state::HistoryState;
use crate::app::model::Screen;
use crate::app::msg::{Effect, Msg};
use crate::app::test_harness::Harness;
use crate::domain::{EscalationState, TriageOp};
use crate::store::test_support::actor;

fn state(h: &Harness) -> &HistoryState {
    match &h.m.screen {
        Screen::History(s) => s,
        _ => panic!("not on the history"),
    }
}

fn tickets(h: &Harness) -> Vec<String> {
    state(h)
        .page
        .rows
        .iter()
        .map(|r| r.ticket_no.clone())
        .collect()
}

fn selected(h: &Harness) -> String {
    state(h)
        .selected()
        .map(|r| r.ticket_no.clone())
        .unwrap_or_default()
}

#[test]
fn f_opens_every_escalation_newest_first_and_typing_searches() {
    let mut h = Harness::new(12);
    h.keys("F");
    let s = state(&h);
    assert!(s.editing, "the search box has the keyboard");
    assert_eq!(s.limit, 9, "a page is what fits: 14 rows less the chrome");
    assert_eq!(tickets(&h)[..3], ["T011", "T010", "T009"]);
    assert!(s.page.more_older && !s.page.more_newer);
    // Letters are text in the box, not keys: `a` acknowledges nothing.
    h.keys("t00");
    assert_eq!(
        tickets(&h),
        [
            "T009", "T008", "T007", "T006", "T005", "T004", "T003", "T002", "T001"
        ]
    );
    h.keys("3");
    assert_eq!(tickets(&h), ["T003"]);
    assert_eq!(h.state_of(1), EscalationState::New);
    h.key(KeyCode::Enter);
    assert!(!state(&h).editing);
    h.keys("/");
    assert!(state(&h).editing, "/ goes back to the box");
}

#[test]
fn a_word_too_short_is_said_and_nothing_is_read() {
    let mut h = Harness::new(3);
    h.keys("F");
    let fx = h.press(KeyCode::Char('x'));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(state(&h).text_error.as_deref().unwrap().contains("'x'"));
    assert_eq!(tickets(&h).len(), 3, "the list stays as it was");
    h.key(KeyCode::Enter);
    assert!(
        state(&h).editing,
        "Enter does not leave a search that cannot run"
    );
    assert!(h.status().contains("one letter"), "{}", h.status());
}

#[test]
fn j_k_and_the_page_keys_move_through_the_keyset() {
    let mut h = Harness::new(25);
    h.keys("F");
    h.key(KeyCode::Esc);
    assert!(
        matches!(h.m.screen, Screen::History(_)),
        "Esc leaves the box first"
    );
    h.keys(&"j".repeat(8));
    assert_eq!(selected(&h), "T016");
    h.keys("j");
    assert_eq!(selected(&h), "T015", "the next page, after the key");
    assert_eq!(tickets(&h)[0], "T015");
    h.keys("k");
    assert_eq!(selected(&h), "T016", "back across the page's top");
    assert_eq!(tickets(&h).len(), 9);
    h.key(KeyCode::PageDown);
    assert_eq!(tickets(&h)[0], "T015");
    h.key(KeyCode::PageDown);
    // Seven were left: the last page is the oldest nine instead, so the
    // screen stays full.
    assert_eq!(tickets(&h).first().map(String::as_str), Some("T008"));
    assert_eq!(tickets(&h).last().map(String::as_str), Some("T000"));
    assert!(!state(&h).page.more_older);
    h.key(KeyCode::PageDown);
    assert_eq!(selected(&h), "T000", "at the end PgDn goes to the last row");
    h.keys("g");
    assert_eq!(selected(&h), "T024");
    h.keys("G");
    assert_eq!(selected(&h), "T000");
    h.key(KeyCode::PageUp);
    assert_eq!(tickets(&h)[0], "T017");
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, Screen::Board));
}

#[test]
fn a_closed_one_opens_in_the_detail_and_esc_comes_back_to_the_search() {
    let mut h = Harness::new(3);
    let now = h.m.now;
    for op in [
        TriageOp::Acknowledge,
        TriageOp::Start,
        TriageOp::Resolve { resolution: None },
        TriageOp::Close,
    ] {
        h.store.triage(2, &op, actor(now)).unwrap();
    }
    h.keys("F");
    h.keys("t001");
    assert_eq!(tickets(&h), ["T001"]);
    assert_eq!(state(&h).page.rows[0].state, EscalationState::Closed);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let Screen::Detail(d) = &h.m.screen else {
        panic!("not on the detail");
    };
    let file = d.loaded.as_ref().expect("the closed one loads");
    assert_eq!(file.escalation.state, EscalationState::Closed);
    assert_eq!(file.escalation.ticket_no, "T001");
    h.key(KeyCode::Esc);
    assert_eq!(tickets(&h), ["T001"], "back to the same search");
    assert_eq!(state(&h).input.value(), "t001");
}

#[test]
fn a_failed_read_is_said_kept_and_tried_again_each_second() {
    let mut h = Harness::new(3);
    h.keys("F");
    let seq = state(&h).seq;
    // An answer to an older read counts for nothing.
    h.send(Msg::HistoryLoaded {
        seq: seq - 1,
        result: Err("stale".into()),
    });
    assert_eq!(state(&h).error, None);
    let fx = h.send(Msg::Tick(h.m.now));
    assert!(!fx.iter().any(|e| matches!(e, Effect::LoadHistory { .. })));
    // A re-read that fails keeps the rows, marked by the error.
    let read = match &mut h.m.screen {
        Screen::History(s) => s.reread(),
        _ => unreachable!(),
    };
    let Effect::LoadHistory { seq, .. } = read else {
        panic!("{read:?}")
    };
    h.send(Msg::HistoryLoaded {
        seq,
        result: Err("disk I/O error".into()),
    });
    assert_eq!(state(&h).error.as_deref(), Some("disk I/O error"));
    assert_eq!(tickets(&h).len(), 3);
    let fx = h.send(Msg::Tick(h.m.now));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadHistory { .. })),
        "{fx:?}"
    );
    h.run(fx);
    assert_eq!(state(&h).error, None);
}

#[test]
fn the_command_line_opens_it_and_a_change_reads_it_again() {
    let mut h = Harness::new(2);
    h.keys(":history");
    h.key(KeyCode::Enter);
    assert_eq!(tickets(&h), ["T001", "T000"]);
    let mut new =
        crate::store::test_support::new_esc("T-NEW", crate::domain::Severity::S1, h.m.now);
    new.title = "fresh".into();
    h.store.add_escalation(&new, actor(h.m.now)).unwrap();
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
    assert_eq!(tickets(&h)[0], "T-NEW");
}
