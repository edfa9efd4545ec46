//! The command line against a real store: named actions do what their
//! keys do, values act on the selected or the marked, Tab completes,
//! Up recalls, mistakes are said and change nothing.

use crossterm::event::KeyCode;

use crate::app::board::state::BulkStep;
use crate::app::dialog::Overlay;
use crate::app::model::Screen;
use crate::app::test_harness::Harness;
use crate::domain::{EscalationState, Severity};

fn command(h: &mut Harness, line: &str) {
    h.keys(":");
    assert!(h.m.command.editing);
    h.keys(line);
    h.key(KeyCode::Enter);
}

#[test]
fn named_actions_and_values_act_on_the_selected() {
    let mut h = Harness::new(3);
    command(&mut h, "ack");
    assert_eq!(h.state_of(1), EscalationState::Acknowledged);
    command(&mut h, "sev S1");
    assert_eq!(h.store.escalation(2).unwrap().severity, Severity::S1);
    command(&mut h, "assign bob");
    assert_eq!(
        h.store.escalation(2).unwrap().assignee.as_deref(),
        Some("bob")
    );
    // Without a value: the key's own dialog.
    command(&mut h, "sev");
    assert!(matches!(h.m.overlay, Some(Overlay::PickSeverity { .. })));
    h.key(KeyCode::Esc);
    command(&mut h, "snooze 2h");
    assert!(h.store.escalation(2).unwrap().snoozed_until.is_some());
}

#[test]
fn with_marks_a_value_asks_once_for_all() {
    let mut h = Harness::new(3);
    h.keys("M");
    command(&mut h, "sev S2");
    let Some(Overlay::Bulk(BulkStep::Confirm { question, .. })) = &h.m.overlay else {
        panic!("{:?}", h.m.overlay);
    };
    assert_eq!(question, "Re-grade the 3 escalations marked to S2?");
    h.keys("y");
    for id in 1..=3 {
        assert_eq!(h.store.escalation(id).unwrap().severity, Severity::S2);
    }
}

#[test]
fn screens_filters_views_and_goto() {
    let mut h = Harness::new(3);
    command(&mut h, "filter T002");
    assert_eq!(h.m.filter.applied.as_ref().unwrap().to_string(), "T002");
    assert_eq!(h.selected(), "T002");
    command(&mut h, "filter");
    assert!(h.m.filter.applied.is_none());
    command(&mut h, "view due");
    assert!(
        h.status().contains("view due soon: due:<1h"),
        "{}",
        h.status()
    );
    command(&mut h, "goto t001");
    assert!(matches!(h.m.screen, Screen::Detail(ref d) if d.id == 2));
    command(&mut h, "board");
    assert!(matches!(h.m.screen, Screen::Board));
    command(&mut h, "pipeline");
    assert!(matches!(h.m.screen, Screen::Pipeline));
    command(&mut h, "goto #3");
    assert!(matches!(h.m.screen, Screen::Detail(ref d) if d.id == 3));
    command(&mut h, "goto NOPE-1");
    assert!(
        h.status().contains("no escalation 'NOPE-1'"),
        "{}",
        h.status()
    );
}

#[test]
fn mistakes_are_said_and_change_nothing() {
    let mut h = Harness::new(2);
    command(&mut h, "zap");
    assert!(h.status().contains("no command 'zap'"), "{}", h.status());
    command(&mut h, "hand");
    assert!(
        h.status().contains("could be handoff, handover"),
        "{}",
        h.status()
    );
    command(&mut h, "sev S9");
    assert!(h.status().contains("S9"), "{}", h.status());
    command(&mut h, "filter sev:S7");
    assert!(h.status().contains("filter: column 1"), "{}", h.status());
    assert!(h.m.filter.applied.is_none());
    command(&mut h, "snooze soon");
    assert!(
        h.status().contains("'soon' is not a span"),
        "{}",
        h.status()
    );
    command(&mut h, "view nope");
    assert!(
        h.status().contains("the views are mine, breached"),
        "{}",
        h.status()
    );
    assert_eq!(h.state_of(1), EscalationState::New);
    h.m.read_only = true;
    command(&mut h, "sev S1");
    assert!(h.status().contains("read-only"), "{}", h.status());
    command(&mut h, "ack");
    assert!(h.status().contains("read-only"), "{}", h.status());
    assert_eq!(h.store.escalation(1).unwrap().severity, Severity::S3);
}

#[test]
fn tab_completes_and_up_recalls() {
    let mut h = Harness::new(1);
    h.keys(":han");
    h.key(KeyCode::Tab);
    assert_eq!(h.m.command.input.value(), "hando");
    assert_eq!(h.m.command.offered, ["handoff", "handover"]);
    h.keys("ve");
    h.key(KeyCode::Tab);
    assert_eq!(h.m.command.input.value(), "handover ");
    h.key(KeyCode::Esc);
    h.keys(":sev s");
    h.key(KeyCode::Tab);
    assert_eq!(h.m.command.offered.len(), 5);
    h.keys("4");
    h.key(KeyCode::Tab);
    assert_eq!(h.m.command.input.value(), "sev S4 ");
    h.key(KeyCode::Enter);
    command(&mut h, "filter T000");
    h.keys(":");
    h.key(KeyCode::Up);
    assert_eq!(h.m.command.input.value(), "filter T000");
    h.key(KeyCode::Up);
    assert_eq!(h.m.command.input.value(), "sev S4");
    h.key(KeyCode::Down);
    assert_eq!(h.m.command.input.value(), "filter T000");
    h.key(KeyCode::Down);
    assert_eq!(h.m.command.input.value(), "");
    h.key(KeyCode::Esc);
    assert!(!h.m.command.editing);
}

#[test]
fn quit_quits() {
    let mut h = Harness::new(1);
    h.keys(":q");
    let fx = h.press(KeyCode::Enter);
    assert!(fx.contains(&crate::app::msg::Effect::Quit), "{fx:?}");
}

#[test]
fn a_key_that_does_nothing_here_says_so() {
    let mut h = Harness::new(1);
    h.keys("Q");
    assert_eq!(h.status(), "no key Q here · ? for help");
    h.ctrl('k');
    assert_eq!(h.status(), "no key Ctrl-K here · ? for help");
    h.key(KeyCode::F(7));
    assert_eq!(h.status(), "no key F7 here · ? for help");
    h.keys("j");
    assert!(!h.status().contains("no key"), "{}", h.status());
}

#[test]
fn each_new_command_is_handed_out_to_be_kept_and_earlier_ones_recalled() {
    use crate::app::msg::Effect;
    let mut h = Harness::new(2);
    // As the runtime loads them from the state directory.
    h.m.command.history = vec!["goto T001".into()];
    h.keys(":");
    h.keys("ack");
    let fx = h.press(KeyCode::Enter);
    let saved: Vec<&Vec<String>> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::SaveCommands(lines) => Some(lines),
            _ => None,
        })
        .collect();
    assert_eq!(saved, [&vec!["goto T001".to_string(), "ack".to_string()]]);
    h.run(fx);
    // The same again is not a new line: nothing to keep.
    h.keys(":ack");
    let fx = h.press(KeyCode::Enter);
    assert!(!fx.iter().any(|e| matches!(e, Effect::SaveCommands(_))));
    h.run(fx);
    h.keys(":");
    h.key(KeyCode::Up);
    h.key(KeyCode::Up);
    assert_eq!(h.m.command.input.value(), "goto T001");
}

#[test]
fn a_command_that_does_nothing_where_it_is_typed_says_so_and_screens_open_from_anywhere() {
    let mut h = Harness::new(2);
    command(&mut h, "pipeline");
    assert!(matches!(h.m.screen, Screen::Pipeline));
    command(&mut h, "ack");
    assert_eq!(
        h.status(),
        ":ack does nothing on the pipeline · :help lists what does"
    );
    command(&mut h, "sev S1");
    assert_eq!(
        h.status(),
        ":sev does nothing on the pipeline · :help lists what does"
    );
    assert_eq!(h.store.escalation(1).unwrap().severity, Severity::S3);
    // A screen's own name opens it wherever it is typed.
    command(&mut h, "goto #1");
    assert!(matches!(h.m.screen, Screen::Detail(_)));
    command(&mut h, "trends");
    assert!(matches!(h.m.screen, Screen::Trends(_)), "{}", h.status());
    command(&mut h, "notices");
    assert!(matches!(h.m.screen, Screen::Notices));
    command(&mut h, "board");
    command(&mut h, "incident");
    assert!(matches!(h.m.screen, Screen::Composer(_)), "{}", h.status());
}
