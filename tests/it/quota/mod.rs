//! Subscriptions, chat groups and quotas through the store, on a real file,
//! with the clock set by each test.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use sredesk::domain::quota::{Package, PackageKind, QuotaKind};
use sredesk::domain::subscription::{ChatPlatform, NewSubscription};
use sredesk::domain::{
    CustomerKind, EscalationKind, EscalationState, NewCustomer, NewEscalation, Severity, TriageOp,
};
use sredesk::store::{Actor, StoreError};

use crate::common::Desk;

mod packages;
mod subscriptions;
mod uses;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// 2026-11-20 10:00 in Shanghai.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap()
}

fn actor(now: DateTime<Utc>) -> Actor<'static> {
    Actor {
        engineer: "alice",
        now,
    }
}

/// Every table a quota rule touches, for `Desk::dump`.
const TABLES: &[&str] = &[
    "customers",
    "escalations",
    "audit_log",
    "subscriptions",
    "chat_groups",
    "packages",
    "quota_uses",
    "open_counts",
];

/// "Acme" (local) subscribed for November and December 2026, and "Jade"
/// (international Chinese) with no subscription.
fn acme_and_jade() -> Desk {
    let mut d = Desk::new();
    let store = d.store();
    for (name, kind) in [
        ("Acme", CustomerKind::Local),
        ("Jade", CustomerKind::InternationalChinese),
    ] {
        store
            .add_customer(
                &NewCustomer {
                    name: name.into(),
                    kind,
                    owner: None,
                },
                actor(t0()),
            )
            .unwrap();
    }
    store
        .add_subscription(
            "Acme",
            &sub("2026-10-28", "2026-11-02", 2),
            None,
            actor(t0()),
        )
        .unwrap();
    d
}

impl Desk {
    /// An escalation of `kind` for Acme at `at`, numbered after those
    /// already in the store.
    fn escalate(&mut self, kind: EscalationKind, at: DateTime<Utc>) -> Result<i64, StoreError> {
        let ticket_no = format!("T-{}", self.count("escalations") + 1);
        self.store()
            .add_escalation(
                &NewEscalation {
                    customer: "Acme".into(),
                    ticket_no,
                    title: "urgent".into(),
                    description: String::new(),
                    kind,
                    severity: Severity::S2,
                    reported_at: at,
                },
                actor(at),
            )
            .map(|e| e.id)
    }

    /// `n` escalations of `kind`, a minute apart from `from`; all must pass.
    fn escalate_n(&mut self, kind: EscalationKind, n: i64, from: DateTime<Utc>) {
        for i in 0..n {
            self.escalate(kind, from + Duration::minutes(i)).unwrap();
        }
    }

    /// A package for Acme bought `on`, recorded at `at`.
    fn buy(
        &mut self,
        kind: PackageKind,
        on: &str,
        at: DateTime<Utc>,
    ) -> Result<Package, StoreError> {
        self.store().add_package("Acme", kind, day(on), actor(at))
    }

    /// Acme's (used, total, left) of `kind` at `at`.
    fn used(&mut self, kind: QuotaKind, at: DateTime<Utc>) -> (u32, u32, u32) {
        let q = self.store().quota_status(1, kind, at).unwrap();
        (q.used(), q.total(), q.left())
    }
}

fn sub(applied: &str, start: &str, months: u32) -> NewSubscription {
    NewSubscription {
        applied_on: day(applied),
        start_on: day(start),
        months,
    }
}
