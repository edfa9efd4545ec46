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

#[test]
fn tenth_faster_use_passes_eleventh_is_refused_with_the_reason() {
    let mut d = acme_and_jade();
    d.escalate_n(EscalationKind::Faster, 10, t0());
    assert_eq!(d.used(QuotaKind::Faster, t0()), (10, 10, 0));
    let before = d.dump(TABLES);
    let err = d
        .escalate(EscalationKind::Faster, t0() + Duration::hours(1))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Acme's Faster Service Ticket Handling quota is used up: 10 used in 2026-11 (the plan \
         gives 10 a month and no package has units left); it refills on 2026-12-01 00:00 \
         (Asia/Shanghai)"
    );
    assert_eq!(d.dump(TABLES), before, "a refused use writes nothing");
    // General escalations use no quota.
    d.escalate(EscalationKind::General, t0() + Duration::hours(1))
        .unwrap();
}

#[test]
fn fifth_expert_use_passes_sixth_is_refused() {
    let mut d = acme_and_jade();
    d.escalate_n(EscalationKind::Expert, 5, t0());
    let err = d
        .escalate(EscalationKind::Expert, t0() + Duration::hours(1))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Direct Expert Support quota is used up: 5 used"),
        "{err}"
    );
}

#[test]
fn a_package_carries_uses_eleven_to_twenty_then_expires_used_up() {
    let mut d = acme_and_jade();
    let pkg = d
        .buy(PackageKind::TicketHandling, "2026-11-20", t0())
        .unwrap();
    assert_eq!((pkg.units, pkg.term_end), (10, day("2026-12-31")));
    d.escalate_n(EscalationKind::Faster, 20, t0());
    assert_eq!(d.used(QuotaKind::Faster, t0()), (20, 20, 0));
    let before = d.dump(TABLES);
    let err = d
        .escalate(EscalationKind::Faster, t0() + Duration::hours(1))
        .unwrap_err();
    assert!(err.to_string().contains("20 used in 2026-11"), "{err}");
    assert_eq!(d.dump(TABLES), before);
    let detail = d.store().customer_detail("Acme", t0()).unwrap();
    assert_eq!(
        detail.packages[0].expired(day("2026-11-20")),
        Some("used up")
    );
    assert_eq!(detail.uses_this_month.len(), 20);
    assert_eq!(
        detail
            .uses_this_month
            .iter()
            .filter(|u| u.package_id == Some(pkg.id))
            .count(),
        10
    );
}

#[test]
fn a_package_expires_when_its_term_ends() {
    let mut d = acme_and_jade();
    d.store()
        .add_package(
            "Acme",
            PackageKind::ExpertSupport,
            day("2026-12-20"),
            actor(Utc.with_ymd_and_hms(2026, 12, 20, 2, 0, 0).unwrap()),
        )
        .unwrap();
    // In January the subscription has ended: no subscription, no quota.
    let jan = Utc.with_ymd_and_hms(2027, 1, 5, 2, 0, 0).unwrap();
    let err = d.escalate(EscalationKind::Expert, jan).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Acme has no active subscription on 2027-01-05, so it has no Direct Expert Support quota"
    );
    // Renewed after a gap, the old package is gone (its term ended).
    d.store()
        .add_subscription(
            "Acme",
            &sub("2026-12-28", "2027-01-04", 1),
            None,
            actor(jan),
        )
        .unwrap();
    let q = d.store().quota_status(1, QuotaKind::Expert, jan).unwrap();
    assert_eq!((q.package_total, q.package_left), (0, 0));
    d.escalate_n(EscalationKind::Expert, 5, jan);
    assert!(
        d.escalate(EscalationKind::Expert, jan + Duration::hours(1))
            .is_err()
    );
}

#[test]
fn months_roll_over_at_the_desks_midnight_not_utcs() {
    let mut d = acme_and_jade();
    // 2026-11-30 23:59:59 in Shanghai is 15:59:59 UTC.
    let last_second = Utc.with_ymd_and_hms(2026, 11, 30, 15, 59, 59).unwrap();
    for i in 0..10 {
        d.escalate(EscalationKind::Faster, last_second - Duration::minutes(i))
            .unwrap();
    }
    assert!(d.escalate(EscalationKind::Faster, last_second).is_err());
    // One second later it is December at the desk (still November in UTC).
    let next = last_second + Duration::seconds(1);
    assert_eq!(d.used(QuotaKind::Faster, next), (0, 10, 10));
    d.escalate(EscalationKind::Faster, next).unwrap();
    assert_eq!(d.used(QuotaKind::Faster, next), (1, 10, 9));
    assert_eq!(d.used(QuotaKind::Faster, last_second), (10, 10, 0));
}

#[test]
fn withdrawing_within_the_grace_period_gives_the_unit_back() {
    let mut d = acme_and_jade();
    let in_time = d.escalate(EscalationKind::Faster, t0()).unwrap();
    let late = d.escalate(EscalationKind::Faster, t0()).unwrap();
    assert_eq!(d.used(QuotaKind::Faster, t0()), (2, 10, 8));
    let grace = Duration::minutes(10);
    let done = d
        .store()
        .triage(in_time, &TriageOp::Withdraw, actor(t0() + grace))
        .unwrap();
    assert!(
        done.summary.contains("gave the faster unit back"),
        "{}",
        done.summary
    );
    assert_eq!(d.used(QuotaKind::Faster, t0()), (1, 10, 9));
    let done = d
        .store()
        .triage(
            late,
            &TriageOp::Withdraw,
            actor(t0() + grace + Duration::seconds(1)),
        )
        .unwrap();
    assert!(done.summary.contains("not given back"), "{}", done.summary);
    assert_eq!(d.used(QuotaKind::Faster, t0()), (1, 10, 9));
    let uses = d.store().quota_uses(1, t0()).unwrap();
    assert_eq!(uses.iter().filter(|u| u.returned_at.is_some()).count(), 1);
}

#[test]
fn escalating_to_experts_uses_an_expert_unit_or_changes_nothing() {
    let mut d = acme_and_jade();
    let id = d.escalate(EscalationKind::General, t0()).unwrap();
    d.escalate_n(EscalationKind::Expert, 5, t0());
    let before = d.dump(TABLES);
    let err = d
        .store()
        .triage(id, &TriageOp::EscalateToExperts, actor(t0()))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Direct Expert Support quota is used up"),
        "{err}"
    );
    assert_eq!(d.dump(TABLES), before);
    // Next month there is quota again.
    let dec = Utc.with_ymd_and_hms(2026, 12, 2, 2, 0, 0).unwrap();
    let done = d
        .store()
        .triage(id, &TriageOp::EscalateToExperts, actor(dec))
        .unwrap();
    assert_eq!(done.after.kind, EscalationKind::Expert);
    assert!(
        done.summary.contains("used one expert unit from the plan"),
        "{}",
        done.summary
    );
    assert_eq!(d.used(QuotaKind::Expert, dec), (1, 5, 4));
    assert_eq!(
        d.store().escalation(id).unwrap().state,
        EscalationState::New
    );
}

#[test]
fn subscriptions_need_a_working_day_of_notice_and_may_not_overlap() {
    let mut d = acme_and_jade();
    // Applied Friday 2026-11-20: Monday the 23rd is the earliest start.
    let err = d
        .store()
        .add_subscription(
            "Jade",
            &sub("2026-11-20", "2026-11-21", 1),
            None,
            actor(t0()),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("can start on 2026-11-23 at the earliest"),
        "{err}"
    );
    let err = d
        .store()
        .add_subscription(
            "Acme",
            &sub("2026-11-20", "2026-12-01", 1),
            None,
            actor(t0()),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("overlaps subscription #1"),
        "{err}"
    );
    let err = d
        .store()
        .add_subscription(
            "Jade",
            &sub("2026-11-20", "2026-11-23", 1),
            Some("gopher://x"),
            actor(t0()),
        )
        .unwrap_err();
    assert!(err.to_string().contains("not an http(s) address"), "{err}");
}

#[test]
fn chat_group_by_kind_kept_on_renewal_new_after_a_gap_dismissed_on_expiry() {
    let mut d = acme_and_jade();
    let (_, jade) = d
        .store()
        .add_subscription(
            "Jade",
            &sub("2026-11-20", "2026-11-23", 1),
            Some("https://qyapi.example/webhook?key=1"),
            actor(t0()),
        )
        .unwrap();
    assert_eq!(jade.platform, ChatPlatform::WeCom);
    assert_eq!(
        jade.created_on,
        day("2026-11-21"),
        "the day after the order"
    );
    // A renewal straight after keeps the group.
    let (_, renewed) = d
        .store()
        .add_subscription(
            "Jade",
            &sub("2026-11-25", "2026-12-01", 1),
            None,
            actor(t0()),
        )
        .unwrap();
    assert_eq!(renewed.id, jade.id);
    assert_eq!(
        renewed.webhook.as_deref(),
        Some("https://qyapi.example/webhook?key=1")
    );
    // After a gap, a new group; the old one is shown dismissed.
    let (_, again) = d
        .store()
        .add_subscription(
            "Jade",
            &sub("2027-02-20", "2027-03-01", 1),
            None,
            actor(t0()),
        )
        .unwrap();
    assert_ne!(again.id, jade.id);
    let feb = Utc.with_ymd_and_hms(2027, 2, 10, 2, 0, 0).unwrap();
    let detail = d.store().customer_detail("Jade", feb).unwrap();
    assert_eq!(detail.chat_groups.len(), 2);
    assert_eq!(detail.chat_groups[0].dismissed_on, Some(day("2027-01-01")));
    assert_eq!(detail.active_subscription, None);
    // Acme is local: WeLink.
    let acme = d.store().customer_detail("Acme", t0()).unwrap();
    assert_eq!(acme.chat_groups[0].platform, ChatPlatform::WeLink);
    assert_eq!((acme.consecutive_months, acme.months_left), (1, 2));
}

#[test]
fn quota_board_lists_subscribed_customers_least_left_first() {
    let mut d = acme_and_jade();
    d.escalate_n(EscalationKind::Faster, 9, t0());
    d.store()
        .add_subscription(
            "Jade",
            &sub("2026-11-18", "2026-11-20", 1),
            None,
            actor(t0()),
        )
        .unwrap();
    let board = d.store().quota_board(t0()).unwrap();
    let names: Vec<_> = board.iter().map(|r| r.customer.name.as_str()).collect();
    assert_eq!(names, ["Acme", "Jade"]);
    assert_eq!(board[0].faster.left(), 1);
    assert_eq!(board[1].platform, ChatPlatform::WeCom);
    // In January neither is subscribed.
    let jan = Utc.with_ymd_and_hms(2027, 1, 5, 2, 0, 0).unwrap();
    assert!(d.store().quota_board(jan).unwrap().is_empty());
}

#[test]
fn withdrawing_gives_back_only_the_units_used_within_the_grace_period() {
    let mut d = acme_and_jade();
    let id = d.escalate(EscalationKind::Faster, t0()).unwrap();
    let hour = t0() + Duration::hours(1);
    d.store()
        .triage(id, &TriageOp::EscalateToExperts, actor(hour))
        .unwrap();
    let done = d
        .store()
        .triage(id, &TriageOp::Withdraw, actor(hour + Duration::minutes(5)))
        .unwrap();
    assert!(
        done.summary.contains("gave the expert unit back"),
        "{}",
        done.summary
    );
    assert!(
        done.summary.contains("the faster unit is not given back"),
        "{}",
        done.summary
    );
    assert_eq!(d.used(QuotaKind::Faster, hour), (1, 10, 9));
    assert_eq!(d.used(QuotaKind::Expert, hour), (0, 5, 5));
}

#[test]
fn the_months_gauge_counts_only_this_months_package_use() {
    let mut d = acme_and_jade();
    d.buy(PackageKind::TicketHandling, "2026-11-20", t0())
        .unwrap();
    d.escalate_n(EscalationKind::Faster, 13, t0());
    let q = d.store().quota_status(1, QuotaKind::Faster, t0()).unwrap();
    assert_eq!((q.used(), q.total(), q.left()), (13, 20, 7));
    // December: nothing used yet; the package still holds 7.
    let dec = Utc.with_ymd_and_hms(2026, 12, 2, 2, 0, 0).unwrap();
    let q = d.store().quota_status(1, QuotaKind::Faster, dec).unwrap();
    assert_eq!((q.used(), q.total(), q.left()), (0, 17, 17));
    d.escalate_n(EscalationKind::Faster, 17, dec);
    let err = d
        .escalate(EscalationKind::Faster, dec + Duration::hours(1))
        .unwrap_err();
    assert!(err.to_string().contains("17 used in 2026-12"), "{err}");
    assert_eq!(d.used(QuotaKind::Faster, dec), (17, 17, 0));
}

#[test]
fn a_package_cannot_be_recorded_ahead_of_its_purchase() {
    let mut d = acme_and_jade();
    let err = d
        .buy(PackageKind::ExpertSupport, "2026-12-15", t0())
        .unwrap_err();
    assert!(
        err.to_string().contains("after today (2026-11-20)"),
        "{err}"
    );
}

#[test]
fn a_package_lives_through_a_renewal_without_a_gap() {
    let mut d = acme_and_jade();
    let pkg = d
        .buy(PackageKind::TicketHandling, "2026-11-20", t0())
        .unwrap();
    assert_eq!(pkg.term_end, day("2026-12-31"));
    d.store()
        .add_subscription(
            "Acme",
            &sub("2026-11-20", "2027-01-01", 2),
            None,
            actor(t0()),
        )
        .unwrap();
    let detail = d.store().customer_detail("Acme", t0()).unwrap();
    assert_eq!(detail.packages[0].term_end, day("2027-02-28"));
}

#[test]
fn a_use_counts_in_the_month_the_customer_asked() {
    let mut d = acme_and_jade();
    // Reported 23:59 on 31 Dec in Shanghai, typed in at 00:05 on 1 Jan:
    // a December use, under the December subscription.
    let reported = Utc.with_ymd_and_hms(2026, 12, 31, 15, 59, 0).unwrap();
    let typed = reported + Duration::minutes(6);
    d.store()
        .add_escalation(
            &NewEscalation {
                customer: "Acme".into(),
                ticket_no: "LATE".into(),
                title: "late".into(),
                description: String::new(),
                kind: EscalationKind::Faster,
                severity: Severity::S2,
                reported_at: reported,
            },
            actor(typed),
        )
        .unwrap();
    assert_eq!(d.store().quota_uses(1, reported).unwrap().len(), 1);
    assert_eq!(d.store().quota_uses(1, typed).unwrap().len(), 0);
}

#[test]
fn when_the_subscription_ends_first_the_refusal_says_so() {
    let mut d = acme_and_jade();
    let dec = Utc.with_ymd_and_hms(2026, 12, 20, 2, 0, 0).unwrap();
    d.escalate_n(EscalationKind::Expert, 5, dec);
    let err = d
        .escalate(EscalationKind::Expert, dec + Duration::hours(1))
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("the subscription ends on 2026-12-31, so it does not refill"),
        "{err}"
    );
}

#[test]
fn a_group_ordered_during_the_previous_run_belongs_to_its_own() {
    let mut d = acme_and_jade();
    // Acme: Nov-Dec. A new run ordered now, starting after a gap.
    let (_, group) = d
        .store()
        .add_subscription(
            "Acme",
            &sub("2026-11-20", "2027-02-01", 2),
            None,
            actor(t0()),
        )
        .unwrap();
    assert_eq!(group.id, 2, "a gap opens a new group");
    let feb = Utc.with_ymd_and_hms(2027, 2, 10, 2, 0, 0).unwrap();
    let groups = d.store().customer_detail("Acme", feb).unwrap().chat_groups;
    assert_eq!(groups[0].dismissed_on, Some(day("2027-01-01")));
    assert_eq!(groups[1].dismissed_on, None, "its own run is active");
    // A renewal straight after that run keeps its group.
    let (_, kept) = d
        .store()
        .add_subscription(
            "Acme",
            &sub("2027-02-10", "2027-04-01", 1),
            None,
            actor(feb),
        )
        .unwrap();
    assert_eq!(kept.id, 2);
}
