//! Each use of a quota counted in the month the customer asked, refused
//! when used up with the reason, and given back within the grace period.

use super::*;

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
        .triage(
            in_time,
            &TriageOp::Withdraw { reason: None },
            actor(t0() + grace),
        )
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
            &TriageOp::Withdraw { reason: None },
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
fn withdrawing_gives_back_only_the_units_used_within_the_grace_period() {
    let mut d = acme_and_jade();
    let id = d.escalate(EscalationKind::Faster, t0()).unwrap();
    let hour = t0() + Duration::hours(1);
    d.store()
        .triage(id, &TriageOp::EscalateToExperts, actor(hour))
        .unwrap();
    let done = d
        .store()
        .triage(
            id,
            &TriageOp::Withdraw { reason: None },
            actor(hour + Duration::minutes(5)),
        )
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
