//! The dispatcher's hot path on outboxes with a long history: claim the
//! next due delivery, settle it, and ask when the next one falls due. The
//! goal is a cost that does not grow with the deliveries already sent
//! (the due scan reads a partial index over pending rows only).
//!
//! Stores are generated once into Cargo's target tmp dir and reused.

// A test or a benchmark that cannot set up fails: unwrapping says where.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion};

use sredesk::domain::incident::{IncidentEdit, NewIncident};
use sredesk::domain::incident::{IncidentKind, IncidentLevel};
use sredesk::domain::notice::{Channel, Stage, SubjectKind};
use sredesk::domain::{CustomerKind, NewCustomer};
use sredesk::store::{Actor, NewDelivery, NewNotice, Store};

/// Deliveries already sent before the measured ones.
const HISTORY: [usize; 2] = [1_000, 100_000];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
}

fn actor() -> Actor<'static> {
    Actor {
        engineer: "bench",
        now: now(),
    }
}

fn notice(incident: i64, state: &str, n: usize) -> NewNotice {
    // The first notice is what makes the incident notified.
    let stage = if state == "guidance_ready" {
        Stage::Initial
    } else {
        Stage::Update
    };
    NewNotice {
        subject: SubjectKind::Incident.into(),
        subject_id: incident,
        stage,
        seen_state: state.into(),
        channels: vec![Channel::Email],
        message: String::new(),
        next_update_due: None,
        deliveries: (0..n)
            .map(|k| NewDelivery {
                customer_id: Some(1),
                channel: Channel::Email,
                platform: None,
                address: format!("ops{k}@bench.example"),
                subject: "subject".into(),
                body: "body ".repeat(40),
                params: None,
            })
            .collect(),
    }
}

/// A store whose outbox has `sent` deliveries sent, and an incident to
/// queue more notices for.
fn store(sent: usize) -> Store {
    common::cached_store(&format!("outbox-{sent}"), |s| {
        s.add_customer(
            &NewCustomer {
                name: "Bench".into(),
                kind: CustomerKind::Local,
                owner: None,
            },
            actor(),
        )
        .unwrap();
        let i = s
            .add_incident(
                &NewIncident {
                    title: "bench".into(),
                    kind: IncidentKind::Other,
                    level: IncidentLevel::new(3).ok(),
                    services: vec![],
                    regions: vec![],
                    guidance: "none".into(),
                    next_update_due: None,
                },
                actor(),
            )
            .unwrap();
        for _ in 0..2 {
            s.advance_incident(i.id, &IncidentEdit::default(), None, actor())
                .unwrap();
        }
        s.queue_notice(&notice(i.id, "guidance_ready", sent), actor())
            .unwrap();
        let lease = Duration::minutes(2);
        while let Some(d) = s.claim_due(now(), 1, lease).unwrap().pop() {
            s.delivery_sent(&d, "250 ok", now()).unwrap();
        }
    })
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("outbox");
    for sent in HISTORY {
        let mut s = store(sent);
        // One notice of one delivery through the outbox: queue, claim,
        // settle, and the dispatcher's question for its next wake-up.
        group.bench_with_input(
            BenchmarkId::new("queue_claim_settle", sent),
            &sent,
            |b, _| {
                b.iter(|| {
                    s.queue_notice(&notice(1, "notified", 1), actor()).unwrap();
                    let d = s.claim_due(now(), 1, Duration::minutes(2)).unwrap();
                    s.delivery_sent(&d[0], "250 ok", now()).unwrap();
                    s.next_delivery_due().unwrap()
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("outbox_counts", sent), &sent, |b, _| {
            b.iter(|| s.outbox_counts().unwrap())
        });
    }
    group.finish();
}

criterion::criterion_group!(benches, bench);
criterion::criterion_main!(benches);
