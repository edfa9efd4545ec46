//! `update` driven by keys and messages, with its effects carried out
//! against a real in-memory store, as the runtime would.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::*;
use crate::app::keymap::Action;
use crate::app::model::Model;
use crate::clock::ManualClock;
use crate::domain::{EscalationState, Severity, TriageOp};
use crate::runtime::execute;
use crate::store::Store;
use crate::store::test_support::{actor, new_esc, store_with_customer, t0};

struct Harness {
    m: Model,
    store: Store,
    clock: ManualClock,
    env: crate::runtime::Env,
    /// Effects `update` asked for that the harness does not carry out.
    other: Vec<Effect>,
}

impl Harness {
    /// A board 10 rows high over `n` S3 escalations reported a minute
    /// apart (so board order is report order), at t0 + 30 minutes.
    fn new(n: usize) -> Harness {
        let mut store = store_with_customer();
        for i in 0..n {
            let at = t0() + Duration::minutes(i as i64);
            store
                .add_escalation(&new_esc(&format!("T{i:03}"), Severity::S3, at), actor(at))
                .unwrap();
        }
        let now = t0() + Duration::minutes(30);
        let mut m = Model::new("alice", "test.db", now);
        m.height = 14; // 10 table rows
        let clock = ManualClock::new(now);
        let mut h = Harness {
            m,
            store,
            // The worker's clock is the harness's: moving one moves both.
            env: crate::runtime::Env::new(
                "alice",
                std::sync::Arc::new(clock.clone()),
                crate::runtime::test_support::plain_render(),
            ),
            clock,
            other: Vec::new(),
        };
        let fx = initial_effects(&mut h.m);
        h.run(fx);
        h
    }

    fn run(&mut self, mut effects: Vec<Effect>) {
        while !effects.is_empty() {
            let mut next = Vec::new();
            for e in effects {
                match execute(&mut self.store, &e, &mut self.env) {
                    Some(msg) => next.extend(update(&mut self.m, msg)),
                    None => self.other.push(e),
                }
            }
            effects = next;
        }
    }

    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.m, msg)
    }

    fn key(&mut self, code: KeyCode) {
        let fx = self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.run(fx);
    }

    fn keys(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn selected(&self) -> String {
        self.m.board.selected_row().unwrap().ticket_no.clone()
    }

    fn state_of(&self, id: i64) -> EscalationState {
        self.store.escalation(id).unwrap().state
    }
}

#[test]
fn starts_at_the_top_with_a_window_of_three_screens() {
    let h = Harness::new(50);
    let mut m = Model::new("alice", "x", t0());
    match &initial_effects(&mut m)[..] {
        [
            Effect::LoadBoard { query: q, .. },
            Effect::LoadQuotas,
            Effect::LoadUpdatesDue { .. },
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
            .starts_with("#1 acknowledged after 30m00s (within the S3 SLA")
    );
    // The cursor followed T000 below the unanswered ones.
    assert_eq!(h.selected(), "T000");
    assert_eq!(h.m.board.selected_position(), 2);
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
        "cannot resolve escalation #1: it is new (acknowledge it and start work first)"
    );
}

#[test]
fn withdraw_and_resolve_ask_first() {
    let mut h = Harness::new(3);
    h.keys("w");
    assert!(matches!(h.m.overlay, Some(Overlay::Confirm(_))));
    h.keys("x"); // other keys leave the question open
    assert!(matches!(h.m.overlay, Some(Overlay::Confirm(_))));
    h.keys("n");
    assert_eq!(h.m.overlay, None);
    assert_eq!(h.state_of(1), EscalationState::New);
    h.keys("w");
    h.key(KeyCode::Esc);
    assert_eq!(h.state_of(1), EscalationState::New);
    h.keys("wy");
    assert_eq!(h.state_of(1), EscalationState::Withdrawn);
    assert_eq!(h.m.board.page.total, 2);
    // Selection falls to the next escalation.
    assert_eq!(h.selected(), "T001");

    h.keys("air");
    assert!(matches!(h.m.overlay, Some(Overlay::Confirm(_))));
    h.keys("y");
    assert_eq!(h.state_of(2), EscalationState::Resolved);
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
    assert_eq!(h.m.status.as_ref().unwrap().text, "#1 stays S3");
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
fn detail_opens_acts_and_closes() {
    let mut h = Harness::new(3);
    h.keys("j");
    h.key(KeyCode::Enter);
    match &h.m.screen {
        Screen::Detail(d) => {
            let (e, history) = d.loaded.as_ref().unwrap();
            assert_eq!(e.ticket_no, "T001");
            assert_eq!(history.len(), 1);
        }
        _ => panic!("detail did not open"),
    }
    h.keys("a");
    match &h.m.screen {
        Screen::Detail(d) => {
            let (e, history) = d.loaded.as_ref().unwrap();
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
    let fx = at(deadline - Duration::seconds(3600));
    assert_eq!(fx, vec![Effect::PollStore]);
    let fx = at(deadline - Duration::seconds(3599));
    assert!(
        matches!(&fx[..], [Effect::PollStore, Effect::LoadBoard { .. }]),
        "{fx:?}"
    );
    assert!(h.m.dirty);
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
            Effect::LoadQuotas,
            Effect::LoadUpdatesDue { .. },
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
    assert!(
        matches!(&fx[..], [Effect::PollStore, Effect::LoadBoard { .. }]),
        "{fx:?}"
    );
    h.run(fx);
    assert_eq!(h.m.board.error, None);
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
fn tab_moves_the_keyboard_to_the_quotas_and_back() {
    let mut h = Harness::new(3);
    h.key(KeyCode::Tab);
    assert_eq!(h.m.focus, crate::app::model::Focus::Quotas);
    // Triage keys do nothing there, and say why.
    h.keys("a");
    assert_eq!(h.state_of(1), EscalationState::New);
    assert!(h.m.status.as_ref().unwrap().text.contains("Tab goes back"));
    h.key(KeyCode::Tab);
    assert_eq!(h.m.focus, crate::app::model::Focus::Board);
    h.keys("a");
    assert_eq!(h.state_of(1), EscalationState::Acknowledged);
}

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
fn escalating_to_experts_asks_first_and_reports_a_refusal() {
    let mut h = Harness::new(1);
    h.keys("e");
    match &h.m.overlay {
        Some(Overlay::Confirm(c)) => {
            assert_eq!(c.op, TriageOp::EscalateToExperts);
            assert!(c.question.contains("uses one Direct Expert Support unit"));
        }
        other => panic!("{other:?}"),
    }
    h.keys("y");
    // The harness customer has no subscription: refused, nothing changed.
    let status = h.m.status.clone().unwrap();
    assert!(status.error);
    assert!(
        status.text.contains("no active subscription"),
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
    assert!(!fx.contains(&Effect::LoadQuotas), "{fx:?}");
    let fx = h.send(Msg::Tick(refill));
    assert!(fx.contains(&Effect::LoadQuotas), "{fx:?}");
}

#[test]
fn scrolling_stays_within_the_view() {
    use super::scrolled;
    assert_eq!(scrolled(Action::Down, 9, 10, 5), Some(10));
    assert_eq!(scrolled(Action::Down, 10, 10, 5), Some(10));
    // A scroll left beyond a shrunken view comes back before moving.
    assert_eq!(scrolled(Action::Up, 500, 10, 5), Some(9));
    assert_eq!(scrolled(Action::PageDown, 8, 10, 5), Some(10));
    assert_eq!(scrolled(Action::PageUp, 3, 10, 5), Some(0));
    assert_eq!(
        (
            scrolled(Action::Top, 7, 10, 5),
            scrolled(Action::Bottom, 0, 10, 5)
        ),
        (Some(0), Some(10))
    );
    assert_eq!(scrolled(Action::Acknowledge, 3, 10, 5), None);
}

// ---- The requirement pipeline -------------------------------------------

use crate::app::model::{LANES, Overlay as O, Screen as S};
use crate::domain::requirement::{NewRequirement, RequirementOp, RequirementState as RS};
use crate::domain::subscription::NewSubscription;

impl Harness {
    /// The harness customer subscribed since June (so eligible), with
    /// `n` requirements submitted an hour apart, the first 3 days ago.
    fn with_requirements(n: usize) -> Harness {
        let mut h = Harness::new(0);
        let start = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        h.store
            .add_subscription(
                "Acme",
                &NewSubscription {
                    applied_on: start - chrono::Days::new(10),
                    start_on: start,
                    months: 12,
                },
                None,
                actor(t0() - Duration::days(200)),
            )
            .unwrap();
        for i in 0..n {
            let at = t0() - Duration::days(3) + Duration::hours(i as i64);
            h.store
                .add_requirement(
                    &NewRequirement {
                        customer: "Acme".into(),
                        title: format!("R{i:02}"),
                        description: String::new(),
                    },
                    actor(at),
                )
                .unwrap();
        }
        h
    }

    fn req_state(&self, id: i64) -> RS {
        self.store.requirement(id).unwrap().state
    }

    /// Moves requirement `id` along by `steps` advances, as another
    /// process would, and lets the dashboard notice.
    fn advance_elsewhere(&mut self, id: i64, steps: usize) {
        for _ in 0..steps {
            self.store
                .step_requirement(id, &RequirementOp::Advance, actor(t0()))
                .unwrap();
        }
        let fx = self.send(Msg::StoreChanged);
        self.run(fx);
    }

    fn card(&self) -> Option<String> {
        self.m.pipeline.selected_card().map(|c| c.title.clone())
    }

    fn status(&self) -> String {
        self.m
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    fn press(&mut self, code: KeyCode) -> Vec<Effect> {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }
}

fn pipeline_reads(fx: &[Effect]) -> Vec<&crate::store::PipelineQuery> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::LoadPipeline { query, .. } => Some(query),
            _ => None,
        })
        .collect()
}

#[test]
fn p_opens_the_pipeline_reading_only_the_cards_in_view() {
    let mut h = Harness::with_requirements(20);
    // 14 rows: 7 go to the header, footer, title and lane heads; cards
    // take three rows each.
    assert_eq!(h.m.pipeline_rows(), 2);
    let fx = h.press(KeyCode::Char('p'));
    assert!(matches!(h.m.screen, S::Pipeline));
    let reads = pipeline_reads(&fx);
    assert_eq!(reads.len(), 1, "{fx:?}");
    assert_eq!(
        (reads[0].rows, reads[0].offsets.clone()),
        (2, vec![0; LANES])
    );
    h.run(fx);
    let lane = &h.m.pipeline.data.lanes[0];
    assert_eq!((lane.count, lane.cards.len()), (20, 2));
    assert_eq!(h.card().as_deref(), Some("R00"));
    // Esc goes back to the board, and p again returns to the same place.
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, S::Board));
    h.keys("p");
    assert!(matches!(h.m.screen, S::Pipeline));
    h.keys("q");
    assert!(matches!(h.m.screen, S::Board));
    assert!(!h.m.quit, "q on the pipeline goes back, it does not quit");
}

#[test]
fn j_and_k_scroll_a_lane_through_its_offset() {
    let mut h = Harness::with_requirements(20);
    h.keys("p");
    // Within the window: no read.
    assert!(pipeline_reads(&h.press(KeyCode::Char('j'))).is_empty());
    assert_eq!(h.card().as_deref(), Some("R01"));
    // One past it: the lane's window moves by one and only that is read.
    let fx = h.press(KeyCode::Char('j'));
    assert_eq!(pipeline_reads(&fx)[0].offsets[0], 1);
    h.run(fx);
    assert_eq!(h.card().as_deref(), Some("R02"));
    assert_eq!(h.m.pipeline.data.lanes[0].offset, 1);
    h.key(KeyCode::Char('G'));
    assert_eq!(h.card().as_deref(), Some("R19"));
    assert_eq!(h.m.pipeline.data.lanes[0].offset, 18);
    h.key(KeyCode::PageUp);
    assert_eq!(h.card().as_deref(), Some("R17"));
    h.key(KeyCode::Char('g'));
    assert_eq!(h.card().as_deref(), Some("R00"));
    h.key(KeyCode::Char('k'));
    assert_eq!(h.card().as_deref(), Some("R00"));
    assert_eq!(h.m.pipeline.offsets, [0; LANES]);
}

#[test]
fn h_and_l_move_between_lanes_within_the_board() {
    let mut h = Harness::with_requirements(2);
    h.m.width = 80; // two lanes in full, the rest as strips
    h.keys("p");
    for _ in 0..10 {
        h.key(KeyCode::Char('l'));
    }
    assert_eq!(h.m.pipeline.lane, LANES - 1);
    assert_eq!(h.m.pipeline.first_lane, LANES - 2);
    h.key(KeyCode::Left);
    h.key(KeyCode::Left);
    assert_eq!(h.m.pipeline.lane, 4);
    assert_eq!(h.m.pipeline.first_lane, 4);
    for _ in 0..10 {
        h.key(KeyCode::Char('h'));
    }
    assert_eq!((h.m.pipeline.lane, h.m.pipeline.first_lane), (0, 0));
    h.key(KeyCode::Right);
    assert_eq!(h.m.pipeline.state(), RS::Analysing);
    assert_eq!(h.card(), None, "an empty lane has no card");
}

#[test]
fn advance_asks_naming_the_next_state_then_the_card_moves_lanes() {
    let mut h = Harness::with_requirements(3);
    h.keys("pa");
    match &h.m.overlay {
        Some(O::ConfirmStep(c)) => {
            assert_eq!(c.op, RequirementOp::Advance);
            assert_eq!(c.question, "Move #1 from Submitted to Analysing?");
        }
        other => panic!("{other:?}"),
    }
    h.keys("x"); // other keys leave the question open
    assert!(matches!(h.m.overlay, Some(O::ConfirmStep(_))));
    h.keys("n");
    assert_eq!((h.m.overlay.clone(), h.req_state(1)), (None, RS::Submitted));
    assert_eq!(h.status(), "cancelled");
    h.keys("ay");
    assert_eq!(h.req_state(1), RS::Analysing);
    assert_eq!(h.status(), "#1 is now Analysing");
    let lanes = &h.m.pipeline.data.lanes;
    assert_eq!((lanes[0].count, lanes[1].count), (2, 1));
    // The cursor keeps its place in the lane: the next card is under it.
    assert_eq!(h.card().as_deref(), Some("R01"));
    h.keys("l");
    assert_eq!(h.card().as_deref(), Some("R00"));
}

#[test]
fn a_step_on_a_card_someone_moved_meanwhile_is_refused() {
    let mut h = Harness::with_requirements(1);
    h.keys("pa");
    assert!(matches!(h.m.overlay, Some(O::ConfirmStep(_))));
    // Another engineer advances it while the question is open.
    h.store
        .step_requirement(1, &RequirementOp::Advance, actor(t0()))
        .unwrap();
    h.keys("y");
    assert_eq!(
        h.req_state(1),
        RS::Analysing,
        "applied to a state nobody saw"
    );
    assert!(
        h.status().contains("is now analysing, not submitted"),
        "{}",
        h.status()
    );
}

#[test]
fn the_questions_say_what_a_decision_step_records() {
    let mut h = Harness::with_requirements(1);
    h.advance_elsewhere(1, 3);
    h.keys("pllla");
    match &h.m.overlay {
        Some(O::ConfirmStep(c)) => assert_eq!(
            c.question,
            "Move #1 from Reported to R&D to Accepted? R&D accepted it (x records a \
             rejection instead)."
        ),
        other => panic!("{other:?} {}", h.status()),
    }
    h.keys("y");
    h.keys("la");
    match &h.m.overlay {
        Some(O::ConfirmStep(c)) => assert!(
            c.question
                .ends_with("to Customer notified? The customer has been told R&D accepted it."),
            "{}",
            c.question
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn refusals_come_with_the_rules_reason_before_any_dialog() {
    let mut h = Harness::with_requirements(1);
    h.keys("px");
    assert_eq!(h.m.overlay, None);
    assert!(h.m.status.as_ref().unwrap().error);
    assert_eq!(
        h.status(),
        "cannot reject requirement #1: it is submitted; R&D accepts or rejects a requirement \
         once it is reported_to_rnd"
    );
    h.keys("R");
    assert_eq!(h.m.overlay, None);
    assert!(
        h.status()
            .starts_with("cannot record a rollout plan for requirement #1")
    );
    h.keys("la");
    assert_eq!(h.m.overlay, None);
    assert_eq!(
        h.status(),
        "no requirement selected: the Analysing lane is empty"
    );
    // Notified: nothing follows.
    h.advance_elsewhere(1, 5);
    assert_eq!(h.req_state(1), RS::CustomerNotified);
    for _ in 0..6 {
        h.keys("l");
    }
    h.keys("a");
    assert_eq!(h.m.overlay, None);
    assert_eq!(
        h.status(),
        "requirement #1 is customer_notified: the customer has been notified, nothing follows"
    );
    // A plan is still allowed: R&D accepted it before the customer heard.
    h.keys("R");
    assert!(matches!(h.m.overlay, Some(O::Plan(_))), "{}", h.status());
}

#[test]
fn reject_needs_a_reason_said_beside_the_field() {
    let mut h = Harness::with_requirements(1);
    h.advance_elsewhere(1, 3);
    h.keys("plllx");
    assert!(matches!(h.m.overlay, Some(O::Reject { .. })));
    h.key(KeyCode::Enter);
    match &h.m.overlay {
        Some(O::Reject { reason, .. }) => {
            assert_eq!(reason.error.as_deref(), Some("a rejection needs a reason"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(h.req_state(1), RS::ReportedToRnd);
    // Letters are text here, q and x included; typing clears the error.
    h.keys("not in the q4 plan");
    match &h.m.overlay {
        Some(O::Reject { reason, .. }) => {
            assert_eq!(reason.value(), "not in the q4 plan");
            assert_eq!(reason.error, None);
        }
        other => panic!("{other:?}"),
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.m.overlay, None);
    let r = h.store.requirement(1).unwrap();
    assert_eq!(r.state, RS::Rejected);
    assert_eq!(r.rejection_reason.as_deref(), Some("not in the q4 plan"));
    assert_eq!(h.status(), "#1 rejected; the reason is recorded");
    // Esc leaves without a word written.
    let mut h = Harness::with_requirements(1);
    h.advance_elsewhere(1, 3);
    h.keys("plllxabc");
    h.key(KeyCode::Esc);
    assert_eq!(
        (h.m.overlay.clone(), h.req_state(1)),
        (None, RS::ReportedToRnd)
    );
}

#[test]
fn rollout_plan_is_checked_field_by_field_then_recorded() {
    let mut h = Harness::with_requirements(1);
    h.advance_elsewhere(1, 4);
    h.keys("pllllR");
    let form = |h: &Harness| match &h.m.overlay {
        Some(O::Plan(f)) => f.clone(),
        other => panic!("{other:?}"),
    };
    assert!(!form(&h).on_note);
    h.key(KeyCode::Enter);
    assert_eq!(
        form(&h).date.error.as_deref(),
        Some("a rollout plan needs a date (YYYY-MM-DD)")
    );
    h.keys("2027-02-30");
    h.key(KeyCode::Enter);
    let f = form(&h);
    assert!(
        f.date.error.as_deref().unwrap().contains("is not a date"),
        "{f:?}"
    );
    assert!(!f.on_note);
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.keys("28");
    h.key(KeyCode::Enter);
    let f = form(&h);
    assert_eq!(f.date.error, None);
    assert!(f.on_note, "a good date moves on to the note");
    h.key(KeyCode::Enter);
    assert_eq!(
        form(&h).note.error.as_deref(),
        Some("a rollout plan needs a note")
    );
    h.keys("February release");
    h.key(KeyCode::Enter);
    assert_eq!(h.m.overlay, None);
    let plan = h.store.requirement(1).unwrap().rollout.unwrap();
    assert_eq!(plan.date.to_string(), "2027-02-28");
    assert_eq!(plan.note, "February release");
    assert_eq!(h.status(), "#1 rollout plan recorded: 2027-02-28");
    // Tab goes back to the date, with what was typed kept.
    h.keys("R");
    h.key(KeyCode::Tab);
    assert!(form(&h).on_note);
    h.key(KeyCode::BackTab);
    assert!(!form(&h).on_note);
}

#[test]
fn enter_opens_the_requirement_and_its_steps_act_on_it() {
    let mut h = Harness::with_requirements(2);
    h.keys("pj");
    h.key(KeyCode::Enter);
    let shown = |h: &Harness| match &h.m.screen {
        S::Requirement(r) => r.loaded.clone().unwrap(),
        _ => panic!("no requirement view"),
    };
    let (r, history) = shown(&h);
    assert_eq!((r.id, r.title.as_str(), history.len()), (2, "R01", 1));
    h.keys("ay");
    let (r, history) = shown(&h);
    assert_eq!((r.state, history.len()), (RS::Analysing, 2));
    assert_eq!(history[1].engineer, "alice");
    // Back to the pipeline, read afresh, then to the board.
    let fx = h.press(KeyCode::Esc);
    assert!(matches!(h.m.screen, S::Pipeline));
    assert_eq!(pipeline_reads(&fx).len(), 1);
    h.run(fx);
    assert_eq!(h.m.pipeline.data.lanes[1].count, 1);
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, S::Board));
}

#[test]
fn ticks_reread_the_pipeline_only_when_a_flag_is_due() {
    // Submitted 3 days before t0; submitted flags after 2 days. Seen an
    // hour after it came in, its flag is due a day before t0.
    let mut h = Harness::with_requirements(1);
    h.clock.set(t0() - Duration::days(3) + Duration::hours(1));
    h.m.now = crate::clock::Clock::now(&h.clock);
    h.keys("p");
    let due = h.m.pipeline.data.next_flag.expect("a flag is due");
    assert_eq!(due, t0() - Duration::days(1));
    assert!(!h.m.pipeline.data.lanes[0].cards[0].stale);
    let fx = h.send(Msg::Tick(due - Duration::seconds(1)));
    assert!(pipeline_reads(&fx).is_empty(), "{fx:?}");
    h.clock.set(due);
    let fx = h.send(Msg::Tick(due));
    assert_eq!(pipeline_reads(&fx).len(), 1, "{fx:?}");
    // The next tick does not ask again while that read is on its way.
    let again = h.send(Msg::Tick(due + Duration::seconds(1)));
    assert!(pipeline_reads(&again).is_empty());
    h.run(fx);
    assert!(h.m.pipeline.data.lanes[0].cards[0].stale);
    assert_eq!(h.m.pipeline.data.lanes[0].stale, 1);
    // Not shown, not read.
    h.key(KeyCode::Esc);
    h.m.pipeline.data.next_flag = Some(due);
    let fx = h.send(Msg::Tick(due + Duration::hours(1)));
    assert!(pipeline_reads(&fx).is_empty());
}

#[test]
fn store_changes_reload_the_pipeline_only_while_it_is_shown() {
    let mut h = Harness::with_requirements(1);
    assert!(pipeline_reads(&h.send(Msg::StoreChanged)).is_empty());
    h.keys("p");
    assert_eq!(pipeline_reads(&h.send(Msg::StoreChanged)).len(), 1);
    h.key(KeyCode::Enter);
    let fx = h.send(Msg::StoreChanged);
    assert!(pipeline_reads(&fx).is_empty());
    assert!(fx.contains(&Effect::LoadRequirement(1)), "{fx:?}");
}

#[test]
fn an_answer_to_an_older_read_is_dropped() {
    let mut h = Harness::with_requirements(3);
    h.keys("p");
    let old = h.send(Msg::StoreChanged);
    h.advance_elsewhere(1, 1);
    assert_eq!(h.m.pipeline.data.lanes[1].count, 1);
    // The older read's answer, computed now, arrives late: ignored.
    h.run(old);
    assert_eq!(h.m.pipeline.data.lanes[1].count, 1);
    let stale = Msg::PipelineLoaded {
        seq: 0,
        result: Ok(crate::store::Pipeline::default()),
    };
    h.send(stale);
    assert_eq!(h.m.pipeline.data.lanes.len(), LANES);
}

#[test]
fn the_cursor_follows_its_card_when_one_above_leaves() {
    let mut h = Harness::with_requirements(4);
    h.keys("pjj");
    assert_eq!(h.card().as_deref(), Some("R02"));
    h.advance_elsewhere(1, 1);
    assert_eq!(h.card().as_deref(), Some("R02"));
    assert_eq!(h.m.pipeline.cursor[0], 1);
}

#[test]
fn a_lane_that_shrinks_under_its_window_is_read_again() {
    let mut h = Harness::with_requirements(12);
    h.keys("pG");
    assert_eq!(h.m.pipeline.data.lanes[0].offset, 10);
    for id in 1..=9 {
        h.store
            .step_requirement(id, &RequirementOp::Advance, actor(t0()))
            .unwrap();
    }
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
    let lane = &h.m.pipeline.data.lanes[0];
    assert_eq!((lane.count, lane.offset, lane.cards.len()), (3, 1, 2));
    assert_eq!(h.card().as_deref(), Some("R11"));
}

#[test]
fn help_on_the_pipeline_lists_the_pipeline_keys() {
    let mut h = Harness::with_requirements(0);
    h.keys("p?");
    assert!(matches!(h.m.overlay, Some(O::Help { .. })));
    let pipeline: Vec<_> = keymap::bindings(keymap::PIPELINE)
        .map(|b| b.action)
        .collect();
    assert!(pipeline.contains(&Action::Advance) && !pipeline.contains(&Action::Acknowledge));
}
