//! The new-escalation form driven by keys and pastes against a real store:
//! the customer picked from the store, every field's error beside it, the
//! preview of the quota it takes, the store's refusals, the report pasted
//! in, and the saved escalation selected on the board.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyModifiers};

use super::state::{IntakeField, IntakeState};
use crate::app::model::Screen;
use crate::app::msg::Msg;
use crate::app::test_harness::Harness;
use crate::domain::{EscalationKind, Severity};
use crate::store::test_support::{actor, bare_customer, new_esc, store_with_customer, t0};

fn form(h: &Harness) -> &IntakeState {
    match &h.m.screen {
        Screen::Intake(s) => s,
        _ => panic!("the form is not open"),
    }
}

fn said(h: &Harness) -> Result<String, String> {
    form(h)
        .preview
        .said
        .clone()
        .expect("the store has answered")
}

fn paste(h: &mut Harness, text: &str) {
    let fx = h.send(Msg::Paste(text.into()));
    h.run(fx);
}

/// Opens the form and types the customer, ticket number and title.
fn typed(h: &mut Harness, customer: &str, ticket: &str, title: &str) {
    h.keys("+");
    h.keys(customer);
    h.key(KeyCode::Tab);
    h.keys(ticket);
    // ticket → severity → kind → title
    h.tab(3);
    h.keys(title);
}

#[test]
fn the_customer_is_picked_from_the_store_and_the_preview_names_the_unit() {
    let mut h = Harness::over(store_with_customer());
    h.keys("+");
    assert!(matches!(h.m.screen, Screen::Intake(_)));
    h.keys("cm");
    assert_eq!(form(&h).matches, vec!["Acme".to_string()]);
    assert!(
        said(&h)
            .unwrap()
            .starts_with("takes Faster Service Ticket Handling unit 1 of 10 for Acme"),
        "{:?}",
        said(&h)
    );
    // Tab takes the pick: the field now reads the store's spelling.
    h.key(KeyCode::Tab);
    assert_eq!(form(&h).customer.value(), "Acme");
    assert_eq!(form(&h).focus, IntakeField::TicketNo);
}

#[test]
fn a_saved_escalation_is_selected_on_the_board_with_its_quota_used() {
    let mut h = Harness::new(5);
    typed(&mut h, "acme", "SR-77", "Disk full on db-1");
    // severity: S3 → S1 with ← twice
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    assert_eq!(form(&h).focus, IntakeField::Severity);
    h.key(KeyCode::Left);
    h.key(KeyCode::Left);
    assert_eq!(form(&h).severity, Severity::S1);
    h.tab(4);
    assert_eq!(form(&h).focus, IntakeField::Description);
    h.keys("first line");
    h.key(KeyCode::Enter);
    h.keys("second line");
    h.ctrl('s');
    assert!(matches!(h.m.screen, Screen::Board), "{}", h.status());
    assert_eq!(h.selected(), "SR-77");
    assert!(h.status().contains("SR-77"), "{}", h.status());
    let saved = h
        .store
        .escalation(h.m.board.selected_row().unwrap().id)
        .unwrap();
    assert_eq!(saved.severity, Severity::S1);
    assert_eq!(saved.kind, EscalationKind::Faster);
    assert_eq!(saved.description, "first line\nsecond line");
    assert_eq!(saved.reported_at, h.m.now, "empty reported is now");
    let next = new_esc("SR-78", Severity::S3, h.m.now);
    let mut next = next;
    next.kind = EscalationKind::Faster;
    assert!(
        h.store
            .intake_preview(&next, h.m.now)
            .unwrap()
            .contains("unit 2 of 10"),
        "the save took unit 1"
    );
}

#[test]
fn saving_an_empty_form_marks_every_field_and_saves_nothing() {
    let mut h = Harness::over(store_with_customer());
    h.keys("+");
    h.ctrl('s');
    let s = form(&h);
    assert!(
        h.status().starts_with("not saved: customer"),
        "{}",
        h.status()
    );
    assert_eq!(s.focus, IntakeField::Customer);
    let (now, tz) = (h.m.now, h.m.tz);
    for f in [
        IntakeField::Customer,
        IntakeField::TicketNo,
        IntakeField::Title,
    ] {
        assert!(s.error_of(f, now, tz).is_some(), "{f:?} says nothing");
    }
    assert!(s.error_of(IntakeField::Reported, now, tz).is_none());
    assert!(h.store.escalation(1).is_err(), "nothing saved");
}

#[test]
fn errors_show_only_once_a_field_is_left() {
    let mut h = Harness::over(store_with_customer());
    h.keys("+");
    let (now, tz) = (h.m.now, h.m.tz);
    assert!(form(&h).error_of(IntakeField::Customer, now, tz).is_none());
    h.key(KeyCode::Tab);
    assert_eq!(
        form(&h).error_of(IntakeField::Customer, now, tz).as_deref(),
        Some("which customer? type part of the name")
    );
    assert!(form(&h).error_of(IntakeField::TicketNo, now, tz).is_none());
}

#[test]
fn reported_takes_desk_time_and_spans_ago_and_refuses_the_future() {
    let mut h = Harness::over(store_with_customer());
    typed(&mut h, "acme", "SR-1", "t");
    h.key(KeyCode::Tab);
    assert_eq!(form(&h).focus, IntakeField::Reported);
    h.keys("-45m");
    let (now, tz) = (h.m.now, h.m.tz);
    assert_eq!(
        form(&h).reported_at(now, tz),
        Ok(now - Duration::minutes(45))
    );
    for _ in 0..4 {
        h.key(KeyCode::Backspace);
    }
    h.keys("+2h");
    h.key(KeyCode::Tab);
    let e = form(&h).error_of(IntakeField::Reported, now, tz).unwrap();
    assert!(e.contains("in the future"), "{e}");
    for _ in 0..3 {
        h.key(KeyCode::BackTab);
    }
    h.ctrl('s');
    assert!(
        h.status().starts_with("not saved: reported"),
        "{}",
        h.status()
    );
    assert_eq!(form(&h).focus, IntakeField::Reported);
    for _ in 0..3 {
        h.key(KeyCode::Backspace);
    }
    h.keys("yesterday");
    let e = form(&h).reported_at(now, tz).unwrap_err();
    assert!(e.contains("-30m"), "the error says what is read: {e}");
}

#[test]
fn a_customer_the_store_does_not_know_is_refused_by_name() {
    let mut h = Harness::over(store_with_customer());
    typed(&mut h, "Zenith", "SR-1", "t");
    assert!(form(&h).matches.is_empty());
    let refused = said(&h).unwrap_err();
    assert!(refused.contains("Zenith"), "{refused}");
    h.ctrl('s');
    assert!(matches!(h.m.screen, Screen::Intake(_)), "the form stays");
    assert!(h.status().starts_with("not saved:"), "{}", h.status());
    assert_eq!(form(&h).title.value(), "t", "nothing typed is lost");
    assert!(!form(&h).saving, "a second save may be tried");
}

#[test]
fn a_customer_without_a_subscription_is_refused_before_saving() {
    let mut h = Harness::over(bare_customer());
    typed(&mut h, "acme", "SR-1", "t");
    let refused = said(&h).unwrap_err();
    assert!(refused.contains("no active subscription"), "{refused}");
    h.ctrl('s');
    assert!(
        h.status().contains("no active subscription"),
        "{}",
        h.status()
    );
    assert!(h.store.escalation(1).is_err());
}

#[test]
fn a_used_up_quota_and_a_kept_ticket_are_said_as_the_store_says_them() {
    let mut store = store_with_customer();
    for i in 0..10 {
        let mut e = new_esc(&format!("F{i}"), Severity::S3, t0());
        e.kind = EscalationKind::Faster;
        store.add_escalation(&e, actor(t0())).unwrap();
    }
    let mut h = Harness::over(store);
    typed(&mut h, "acme", "F1", "t");
    let dup = said(&h).unwrap_err();
    assert!(dup.contains("F1"), "the kept ticket is named: {dup}");
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::Backspace);
    h.keys("9x");
    let out = said(&h).unwrap_err();
    let mut direct = new_esc("F9x", Severity::S3, h.m.now);
    direct.kind = EscalationKind::Faster;
    let store_says = h.store.intake_preview(&direct, h.m.now).unwrap_err();
    assert_eq!(out, store_says.to_string());
    // General uses no quota: the same form is then accepted.
    h.tab(2);
    assert_eq!(form(&h).focus, IntakeField::Kind);
    h.key(KeyCode::Left);
    assert_eq!(form(&h).kind, EscalationKind::General);
    assert!(
        said(&h).unwrap().starts_with("uses no quota"),
        "{:?}",
        said(&h)
    );
}

#[test]
fn esc_with_something_typed_asks_again() {
    let mut h = Harness::over(store_with_customer());
    h.keys("+");
    h.key(KeyCode::Esc);
    assert!(
        matches!(h.m.screen, Screen::Board),
        "a blank form closes at once"
    );
    h.keys("+ac");
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, Screen::Intake(_)));
    assert!(h.status().contains("Esc again"), "{}", h.status());
    // Any other key goes on, and the next Esc asks again.
    h.keys("m");
    assert!(!form(&h).closing);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, Screen::Board));
}

const REPORT: &str = "\
Customer: Acme
Contact: Li Wei
Phone: +86 138 0000 0000
Affected service: RDS
Region: cn-north-4
Production (yes/no): yes
Impact: core production down
Started at: 2026-11-02 16:50
Service ticket:
Symptoms and error messages:
ERROR 2013: Lost connection to MySQL server
replicas lag 900 s
What was tried: failover to the standby
";

#[test]
fn a_pasted_report_fills_the_form_as_an_expert_escalation_with_its_severity() {
    let mut h = Harness::over(store_with_customer());
    h.keys("+");
    paste(&mut h, REPORT);
    let s = form(&h);
    assert!(s.from_report && s.report_problems.is_empty());
    assert_eq!(s.customer.value(), "Acme");
    assert_eq!(s.kind, EscalationKind::Expert);
    assert_eq!(s.severity, Severity::S1, "core production down proposes S1");
    assert_eq!(
        s.focus,
        IntakeField::Severity,
        "the proposal is where to look"
    );
    assert!(s.title.value().starts_with("RDS cn-north-4: ERROR 2013"));
    assert!(s.description.text().contains("What was tried:\nfailover"));
    assert!(
        said(&h).unwrap().contains("Direct Expert Support"),
        "{:?}",
        said(&h)
    );
    assert!(h.status().contains("S1 proposed"), "{}", h.status());
    // The desk may change the proposal before saving.
    h.key(KeyCode::Right);
    h.ctrl('s');
    assert!(matches!(h.m.screen, Screen::Board), "{}", h.status());
    let e = h
        .store
        .escalation(h.m.board.selected_row().unwrap().id)
        .unwrap();
    assert_eq!((e.kind, e.severity), (EscalationKind::Expert, Severity::S2));
    assert!(e.ticket_no == "UF-20261102-1650", "{}", e.ticket_no);
}

#[test]
fn a_report_that_does_not_parse_lists_its_lines_and_changes_nothing() {
    let mut h = Harness::over(store_with_customer());
    h.keys("+");
    h.keys("acm");
    let broken = REPORT
        .replace("core production down", "very bad")
        .replace("Phone: +86 138 0000 0000", "Phone: call me");
    paste(&mut h, &broken);
    let s = form(&h);
    assert!(!s.from_report);
    assert_eq!(s.customer.value(), "acm", "what was typed stays");
    let problems = s.report_problems.join("\n");
    assert!(problems.contains("line 3, phone"), "{problems}");
    assert!(problems.contains("line 7, impact"), "{problems}");
    assert!(h.status().contains("not used"), "{}", h.status());
}

#[test]
fn text_pasted_into_a_field_stays_in_it_on_one_line() {
    let mut h = Harness::over(store_with_customer());
    h.keys("+");
    paste(&mut h, "Ac");
    assert_eq!(form(&h).customer.value(), "Ac");
    assert_eq!(form(&h).matches, vec!["Acme".to_string()]);
    h.tab(4);
    paste(&mut h, "one\nline\x1b[31m");
    assert!(!form(&h).title.value().contains('\n'));
    assert!(!form(&h).title.value().contains('\x1b'));
    h.tab(2);
    assert_eq!(form(&h).focus, IntakeField::Description);
    paste(&mut h, "a\nb");
    assert_eq!(form(&h).description.text(), "a\nb");
}

#[test]
fn nothing_typed_anywhere_in_the_form_panics() {
    let mut h = Harness::over(store_with_customer());
    h.keys("+");
    for _ in 0..7 {
        for c in ['é', '%', '_', '\\', '\'', '"', '\u{202e}', '字'] {
            h.key(KeyCode::Char(c));
        }
        for code in [
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Home,
        ] {
            h.key(code);
        }
        let fx = h.press_with(KeyCode::Char('x'), KeyModifiers::ALT);
        h.run(fx);
        h.key(KeyCode::Tab);
    }
    h.ctrl('s');
    assert!(matches!(h.m.screen, Screen::Intake(_)));
}

#[test]
fn a_report_pasted_with_the_terminals_carriage_returns_is_read_too() {
    let mut h = Harness::over(store_with_customer());
    h.keys("+");
    paste(&mut h, &REPORT.replace('\n', "\r"));
    assert!(form(&h).from_report, "{:?}", form(&h).report_problems);
    assert!(form(&h).description.text().contains("replicas lag 900 s"));
}

#[test]
fn a_paste_goes_to_what_has_the_keyboard_and_is_never_read_as_keys() {
    let mut h = Harness::new(3);
    // On the board nothing takes text: it says so, and no key is taken.
    paste(&mut h, "aaa");
    assert!(
        h.status().contains("nothing here takes pasted text"),
        "{}",
        h.status()
    );
    assert_eq!(h.state_of(1), crate::domain::EscalationState::New);
    // Into the filter, on one line.
    h.keys("/");
    paste(&mut h, "T00\n1");
    assert_eq!(h.m.filter.input.value(), "T00 1");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    // Into a note, its lines kept.
    h.keys("C");
    paste(&mut h, "one\r\ntwo");
    match &h.m.overlay {
        Some(crate::app::dialog::Overlay::Text(t)) => assert_eq!(t.text.text(), "one\ntwo"),
        _ => panic!("the note dialog is not open"),
    }
}

#[test]
fn arrows_pick_among_the_matches_and_enter_takes_the_pick_and_goes_on() {
    let mut store = store_with_customer();
    store
        .add_customer(
            &crate::domain::NewCustomer {
                name: "Acorn".into(),
                kind: crate::domain::CustomerKind::Local,
                owner: None,
            },
            actor(t0()),
        )
        .unwrap();
    let mut h = Harness::over(store);
    h.keys("+");
    h.keys("ac");
    assert_eq!(form(&h).matches, vec!["Acme".to_string(), "Acorn".into()]);
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    assert_eq!(form(&h).pick, 1, "the pick stops at the last match");
    h.key(KeyCode::Enter);
    assert_eq!(form(&h).customer.value(), "Acorn");
    assert_eq!(form(&h).focus, IntakeField::TicketNo);
    // Off the customer, the arrows move between the fields.
    h.key(KeyCode::Down);
    assert_eq!(form(&h).focus, IntakeField::Severity);
    h.key(KeyCode::Up);
    h.key(KeyCode::Up);
    assert_eq!(form(&h).focus, IntakeField::Customer);
    assert_eq!(form(&h).customer.value(), "Acorn");
    h.key(KeyCode::PageDown);
    assert_eq!(h.status(), "no key PgDn here · F1 for help");
}
