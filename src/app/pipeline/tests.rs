//! The requirement pipeline and a requirement's detail, driven by keys
//! against a real store.

use chrono::Duration;
use crossterm::event::KeyCode;

use crate::app::keymap::{self, Action};
use crate::app::msg::{Effect, Msg};
use crate::app::test_harness::Harness;
use crate::store::test_support::{actor, t0};

use crate::app::dialog::Overlay as O;
use crate::app::model::Screen as S;
use crate::app::pipeline::state::LANES;
use crate::domain::requirement::{RequirementOp, RequirementState as RS};

impl Harness {
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

    /// R&D's decision on `id` sent to the customer as another process
    /// would: queued, claimed and settled as sent. Only then is it
    /// customer_notified.
    fn notify_elsewhere(&mut self, id: i64) {
        use crate::domain::contact::Contact;
        use crate::domain::notice::Channel;
        let email = Contact::new(Channel::Email, "ops@acme.example", None).unwrap();
        self.store.add_contact("Acme", &email, actor(t0())).unwrap();
        let render = |c: &crate::notify::NoticeContext| {
            crate::notify::templates::Templates::load(None)
                .unwrap()
                .render(c)
                .map_err(|e| e.to_string())
        };
        crate::notify::announce::requirement_result(
            &mut self.store,
            id,
            None,
            &crate::notify::announce::ResultRequest::default(),
            actor(t0()),
            &render,
        )
        .unwrap();
        assert_ne!(self.req_state(id), RS::CustomerNotified);
        let d = self.store.claim_due(t0(), 1, Duration::minutes(5)).unwrap();
        self.store.delivery_sent(&d[0], "250 ok", t0()).unwrap();
        let fx = self.send(Msg::StoreChanged);
        self.run(fx);
    }

    fn card(&self) -> Option<String> {
        self.m.pipeline.selected_card().map(|c| c.title.clone())
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
    // Accepted: the next step is telling the customer, by a notice.
    match &h.m.overlay {
        Some(O::ConfirmStep(c)) => assert_eq!(
            c.question,
            "Send R&D's decision on #1 to the customer by email and chat? It moves to \
             Customer notified once a delivery has gone."
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
    // Accepted: `a` does not mark it notified; only a sent notice does.
    h.advance_elsewhere(1, 4);
    assert_eq!(h.req_state(1), RS::Accepted);
    h.notify_elsewhere(1);
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
fn a_reread_that_finds_the_lanes_as_they_were_draws_nothing() {
    let mut h = Harness::with_requirements(3);
    h.keys("p");
    // Another writer's change: the pipeline's own read alone (the board
    // behind it is read again too, and draws of its own accord).
    let reread = |h: &mut Harness| {
        crate::app::frame::drawn(&mut h.m);
        let fx = h.send(Msg::StoreChanged);
        let own = fx
            .into_iter()
            .filter(|e| matches!(e, Effect::LoadPipeline { .. }));
        h.run(own.collect());
    };
    reread(&mut h);
    assert!(!h.m.dirty, "the same lanes again");
    h.store
        .step_requirement(1, &RequirementOp::Advance, actor(t0()))
        .unwrap();
    reread(&mut h);
    assert!(h.m.dirty, "a card moved on");
    let seq = h.m.pipeline.next_seq - 1;
    let failed = |e: &str| Msg::PipelineLoaded {
        seq,
        result: Err(e.into()),
    };
    crate::app::frame::drawn(&mut h.m);
    h.send(failed("disk I/O error"));
    assert!(h.m.dirty, "a failed read is shown");
    crate::app::frame::drawn(&mut h.m);
    h.send(failed("disk I/O error"));
    assert!(!h.m.dirty, "the same failure again");
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
