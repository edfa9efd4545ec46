//! A customer's view: its project owner, quotas and deliverables.

use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::KeyCode;

use sredesk::domain::subscription::NewSubscription;
use sredesk::domain::{
    CustomerKind, EscalationKind, NewCustomer, NewEscalation, Severity, TriageOp,
};
use sredesk::store::Store;

use super::quotas::quota_desk;
use super::{Screen, actor, assert_screen, at};

#[test]
fn customer_view_from_the_quota_pane() {
    let mut store = quota_desk();
    let first = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    store
        .set_project_owner(
            "Packed Group",
            "Omar Haddad",
            first,
            None,
            actor(at(1, 0)),
            &sredesk::store::unannounced,
        )
        .unwrap();
    // Sunday 22 November: Monday, Tuesday, Wednesday are the notice.
    let change = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    store
        .set_project_owner(
            "Packed Group",
            "Li Na",
            change,
            None,
            actor(at(1, 0)),
            &sredesk::store::unannounced,
        )
        .unwrap();
    let mut s = Screen::new(store, 120, 40);
    s.key(KeyCode::Tab).keys("jj").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("Customer Packed Group"), "{text}");
    assert_screen!(text);
}

#[test]
fn customer_view_shows_deliverables_accepted_and_changed_since() {
    use sredesk::domain::deliverable::{DeliverableKind, Period};
    let mut store = Store::open_in_memory().unwrap();
    let long_ago = Utc.with_ymd_and_hms(2026, 8, 1, 2, 0, 0).unwrap();
    store
        .add_customer(
            &NewCustomer {
                name: "Harbour Ltd".into(),
                kind: CustomerKind::Local,
                owner: Some("Wang Li".into()),
            },
            actor(long_ago),
        )
        .unwrap();
    store
        .add_subscription(
            "Harbour Ltd",
            &NewSubscription {
                applied_on: NaiveDate::from_ymd_opt(2026, 8, 20).unwrap(),
                start_on: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                months: 6,
            },
            None,
            actor(long_ago),
        )
        .unwrap();
    let reported = Utc.with_ymd_and_hms(2026, 10, 12, 3, 0, 0).unwrap();
    for n in 1..=2 {
        store
            .add_escalation(
                &NewEscalation {
                    customer: "Harbour Ltd".into(),
                    ticket_no: format!("H-{n}"),
                    title: "disk latency".into(),
                    description: String::new(),
                    kind: EscalationKind::General,
                    severity: Severity::S3,
                    reported_at: reported,
                },
                actor(reported),
            )
            .unwrap();
    }
    let october = Period::parse("2026-10").unwrap();
    for kind in [DeliverableKind::Tickets, DeliverableKind::Requirements] {
        store
            .accept_deliverable("Harbour Ltd", october, kind, "Wang Li", actor(at(1, 0)))
            .unwrap();
    }
    // Answered after the customer accepted the list: it no longer matches.
    store
        .triage(1, &TriageOp::Acknowledge, actor(at(2, 0)))
        .unwrap();
    let mut s = Screen::new(store, 110, 30);
    s.key(KeyCode::Char('c'));
    let text = s.render();
    assert!(text.contains("changed since"), "{text}");
    assert!(text.contains("accepted by Wang Li on 2026-11-22"), "{text}");
    assert_screen!(text);
}
