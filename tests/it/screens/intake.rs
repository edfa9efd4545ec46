//! The new-escalation form (`+` on the board) and the dialogs that work an
//! escalation: a note, a hand-off, and the detail with its notes and the
//! hand-off banner for the engineer it was handed to.

use crossterm::event::KeyCode;
use sredesk::app::Msg;
use sredesk::domain::TriageOp;
use sredesk::domain::note::NewNote;
use sredesk::store::Actor;

use super::{Screen, assert_screen, at, ctrl, desk, tabs};

fn form(width: u16, height: u16) -> Screen {
    let mut s = Screen::new(desk(), width, height);
    s.keys("+");
    s
}

fn paste(s: &mut Screen, text: &str) {
    let fx = sredesk::app::update(&mut s.m, Msg::Paste(text.into()));
    s.run(fx);
}

const REPORT: &str = "\
Customer: Jade River Bank
Contact: Li Wei
Phone: +86 138 0000 0000
Affected service: RDS
Region: cn-north-4
Production (yes/no): yes
Impact: core production down
Started at: 2026-11-22 17:40
Service ticket: ST2611-0100
Symptoms and error messages:
ERROR 2013 (HY000): Lost connection to MySQL server during query
replicas lag 900 s behind the primary
What was tried: failover to the standby, which did not take over
";

#[test]
fn intake_empty() {
    let s = form(100, 30);
    assert_screen!(s.render());
}

#[test]
fn intake_picking_the_customer_with_the_unit_it_takes() {
    let mut s = form(100, 30);
    s.keys("r");
    assert_screen!(s.render());
}

#[test]
fn intake_errors_beside_each_field_after_a_save() {
    let mut s = form(80, 24);
    s.keys("nor");
    ctrl(&mut s, 's');
    assert_screen!(s.render());
}

#[test]
fn intake_filled_from_a_pasted_report() {
    let mut s = form(100, 30);
    paste(&mut s, REPORT);
    assert_screen!(s.render());
}

#[test]
fn intake_report_that_does_not_parse() {
    let mut s = form(100, 30);
    paste(
        &mut s,
        &REPORT
            .replace("core production down", "very bad")
            .replace("2026-11-22 17:40", "yesterday evening"),
    );
    assert_screen!(s.render());
}

#[test]
fn intake_the_store_would_refuse_it() {
    let mut s = form(100, 30);
    s.keys("Jade");
    s.key(KeyCode::Tab);
    // A ticket the store keeps already.
    s.keys("ST2611-0002");
    tabs(&mut s, 3);
    s.keys("Second report of the same fault");
    assert_screen!(s.render());
}

#[test]
fn note_dialog() {
    let mut s = Screen::new(desk(), 100, 30);
    s.keys("C");
    s.keys("Customer confirmed the standby is healthy.");
    assert_screen!(s.render());
}

#[test]
fn hand_off_dialog_offers_the_engineers_seen() {
    let mut s = Screen::new(desk(), 100, 30);
    s.keys("h");
    assert_screen!(s.render());
}

#[test]
fn detail_with_notes_and_the_hand_off_banner() {
    let mut store = desk();
    let bob = Actor {
        engineer: "bob",
        now: at(9, 40),
    };
    store
        .add_note(
            1,
            &NewNote {
                text: "Failover stuck at 80 %; R&D paged.\nWaiting on the storage team.".into(),
                for_customer: false,
            },
            bob,
        )
        .unwrap();
    store
        .add_note(
            1,
            &NewNote {
                text: "We are failing over your primary instance.".into(),
                for_customer: true,
            },
            bob,
        )
        .unwrap();
    store
        .triage(
            1,
            &TriageOp::Assign {
                to: "alice".into(),
                note: Some("Call Li Wei at 10:30; the standby is ready.".into()),
            },
            bob,
        )
        .unwrap();
    let mut s = Screen::new(store, 110, 34);
    s.keys("g").key(KeyCode::Enter);
    assert_screen!(s.render());
}

#[test]
fn customer_update_dialog() {
    let mut s = Screen::new(desk(), 100, 30);
    s.keys("u");
    s.keys("The standby has taken over; we keep watching replication.");
    s.key(KeyCode::Tab);
    s.keys(" ");
    assert_screen!(s.render());
}

#[test]
fn detail_with_the_last_customer_update_and_its_deliveries() {
    use sredesk::domain::notice::{Channel, NoticeSubject, Stage};
    use sredesk::store::{NewDelivery, NewNotice};
    let mut store = desk();
    let delivery = |channel, address: &str| NewDelivery {
        customer_id: Some(1),
        channel,
        platform: None,
        address: address.into(),
        subject: "[ST2611-0001] Update".into(),
        body: "b".into(),
        params: None,
    };
    store
        .queue_escalation_update(
            1,
            &NewNotice {
                subject: NoticeSubject::Escalation,
                subject_id: 1,
                stage: Stage::EscalationUpdate,
                seen_state: String::new(),
                channels: vec![Channel::Chat, Channel::Email],
                message: "The standby has taken over.\nWe keep watching replication.".into(),
                next_update_due: None,
                deliveries: vec![
                    delivery(Channel::Email, "ops@northwind.example"),
                    delivery(Channel::Email, "cto@northwind.example"),
                ],
            },
            Actor {
                engineer: "alice",
                now: at(9, 50),
            },
        )
        .unwrap();
    let mut s = Screen::new(store, 110, 34);
    s.keys("g").key(KeyCode::Enter);
    assert_screen!(s.render());
}

#[test]
fn customer_update_dialog_shows_what_the_group_will_read() {
    use sredesk::domain::contact::Contact;
    use sredesk::domain::notice::{Channel, ChatPlatform};
    let mut store = desk();
    let robot = Contact::new(
        Channel::Chat,
        "https://open.welink.huaweicloud.com/api/werobot/v1/webhook/send?token=nw-robot",
        Some(ChatPlatform::WeLink),
    )
    .unwrap();
    store
        .add_contact(
            "Northwind Logistics",
            &robot,
            Actor {
                engineer: "alice",
                now: at(8, 0),
            },
        )
        .unwrap();
    let mut s = Screen::new(store, 100, 30);
    s.keys("u");
    s.keys("Failover done; watching replication.");
    assert_screen!(s.render());
}

#[test]
fn intake_filled_from_a_report_at_80x24_reads_each_field_from_its_start() {
    let mut s = form(80, 24);
    paste(&mut s, REPORT);
    let screen = s.render();
    // The title is longer than its room: it shows its start, cut, and the
    // description its first lines.
    assert!(screen.contains("RDS cn-north-4: ERROR 2013"), "{screen}");
    assert!(
        screen.contains("│Urgent-fault report (Direct Expert Support)"),
        "{screen}"
    );
    assert_screen!(screen);
}

#[test]
fn on_a_short_terminal_the_form_scrolls_to_the_field_being_filled() {
    let mut s = form(80, 12);
    tabs(&mut s, 3);
    let shown = s.render();
    assert!(shown.contains("▶ kind"), "{shown}");
    assert_screen!(shown);
}
