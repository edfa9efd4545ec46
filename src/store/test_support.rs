//! Stores and records the store's unit tests start from.

use super::*;
use crate::domain::incident::{IncidentEdit, IncidentKind, IncidentLevel, NewIncident};
use crate::domain::notice::{Channel, Stage};
use crate::domain::requirement::NewRequirement;
use crate::domain::subscription::NewSubscription;
use crate::domain::{CustomerKind, EscalationKind, NewCustomer, NewEscalation, Severity};
use chrono::NaiveDate;
use chrono::{Duration, TimeZone};

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

pub fn actor(now: DateTime<Utc>) -> Actor<'static> {
    Actor {
        engineer: "alice",
        now,
    }
}

/// Acme, subscribed for a year from 2026-11-01 (t0's month): the
/// desk's services cover subscribers only.
pub fn store_with_customer() -> Store {
    subscribed("2026-11-01")
}

/// Runs `test` on a new store on each engine: an SQLite one in memory,
/// and one on the tests' PostgreSQL server when the machine has the
/// server's binaries (said as SKIPPED otherwise, and a failure under
/// `SREDESK_PG_REQUIRED`, as every PostgreSQL test). A failure names the
/// engine it failed on.
pub fn each_engine(name: &str, test: impl Fn(Store)) {
    let mut stores = vec![Store::open_in_memory().unwrap()];
    if let Some(pg) = super::pg::cluster::for_test(name) {
        let url = pg.fresh_database(name);
        stores.push(Store::open_postgres(&url, false).unwrap());
    }
    for store in stores {
        let engine = store.engine();
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(store)));
        if let Err(why) = ran {
            eprintln!("{name} failed on {engine:?}");
            std::panic::resume_unwind(why);
        }
    }
}

/// Acme, with no subscription yet, on `s`.
pub fn add_acme(s: &mut Store) {
    s.add_customer(
        &NewCustomer {
            name: "Acme".into(),
            kind: CustomerKind::Local,
            owner: Some("Wang Li".into()),
        },
        actor(t0()),
    )
    .unwrap();
}

/// Acme, with no subscription yet.
pub fn bare_customer() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    add_acme(&mut s);
    s
}

pub fn new_esc(ticket_no: &str, sev: Severity, reported_at: DateTime<Utc>) -> NewEscalation {
    NewEscalation {
        customer: "Acme".into(),
        ticket_no: ticket_no.into(),
        title: format!("problem {ticket_no}"),
        description: String::new(),
        kind: EscalationKind::General,
        severity: sev,
        reported_at,
    }
}

/// An incident at guidance_ready, waiting for its first notice.
pub fn ready_incident(s: &mut Store) -> i64 {
    let i = s
        .add_incident(
            &NewIncident {
                title: "Backbone fault".into(),
                kind: IncidentKind::BackboneFault,
                level: Some(IncidentLevel::new(2).unwrap()),
                services: vec![],
                regions: vec!["cn-north-4".into()],
                guidance: "fail over to cn-east-3".into(),
                next_update_due: None,
            },
            actor(t0()),
        )
        .unwrap();
    for _ in 0..2 {
        s.advance_incident(i.id, &IncidentEdit::default(), None, actor(t0()))
            .unwrap();
    }
    i.id
}

/// An initial notice about incident `id`, seen at `state`, with `n`
/// email deliveries.
pub fn notice(id: i64, state: &str, n: usize) -> NewNotice {
    NewNotice {
        subject: crate::domain::notice::NoticeSubject::Incident,
        subject_id: id,
        stage: Stage::Initial,
        seen_state: state.into(),
        channels: vec![Channel::Email],
        message: String::new(),
        next_update_due: Some(t0() + Duration::hours(1)),
        deliveries: (0..n)
            .map(|k| NewDelivery {
                customer_id: Some(1),
                channel: Channel::Email,
                platform: None,
                address: format!("ops{k}@acme.example"),
                subject: "s".into(),
                body: "b".into(),
                params: None,
            })
            .collect(),
    }
}

/// Acme, subscribed for a year from `start`.
pub fn subscribed(start: &str) -> Store {
    let mut s = bare_customer();
    subscribe_acme(&mut s, start);
    s
}

/// Acme on `s`, subscribed for a year from `start`.
pub fn subscribed_on(mut s: Store, start: &str) -> Store {
    add_acme(&mut s);
    subscribe_acme(&mut s, start);
    s
}

fn subscribe_acme(s: &mut Store, start: &str) {
    let start: NaiveDate = start.parse().unwrap();
    s.add_subscription(
        "Acme",
        &NewSubscription {
            applied_on: start - chrono::Days::new(7),
            start_on: start,
            months: 12,
        },
        None,
        actor(t0() - Duration::days(400)),
    )
    .unwrap();
}

pub fn new_req(title: &str) -> NewRequirement {
    NewRequirement {
        customer: "Acme".into(),
        title: title.into(),
        description: String::new(),
    }
}
