//! Packages: the units they add, their term, and how they live through a
//! renewal.

use super::*;

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
        "Acme has no active subscription on 2027-01-05: the desk's services cover subscribers \
         only (see `sredesk customer show`)"
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
