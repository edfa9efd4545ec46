//! Subscriptions and their chat groups, and the quota board.

use super::*;

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
