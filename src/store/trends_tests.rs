use chrono::{Duration, TimeZone, Utc};

use super::super::test_plan::query_plan;
use super::super::test_support::*;
use crate::domain::quota::PackageKind;
use crate::domain::trends::Span;
use crate::domain::{EscalationKind, Severity, TriageOp};

fn at(d: u32, h: u32, mi: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, mi, 0).unwrap()
}

/// Reports `n` escalations of `sev` at `reported`, answered after
/// `after` minutes (none: unanswered).
fn report(
    s: &mut super::Store,
    no: &str,
    sev: Severity,
    reported: chrono::DateTime<Utc>,
    after: Option<i64>,
) -> i64 {
    let e = s
        .add_escalation(&new_esc(no, sev, reported), actor(reported))
        .unwrap();
    if let Some(m) = after {
        s.triage(
            e.id,
            &TriageOp::Acknowledge,
            actor(reported + Duration::minutes(m)),
        )
        .unwrap();
    }
    e.id
}

/// A fixed data set in Shanghai (UTC+8), counted by hand. 3 November
/// (desk) runs from 2 Nov 16:00 UTC to 3 Nov 16:00 UTC.
#[test]
fn the_store_counts_each_period_and_severity() {
    each_engine("the_store_counts_each_period_and_severit", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        // 3 November: S1 answered in 10 min (met), S1 in 20 (late, target 15),
        // S2 in 5 (met); S3 never answered, past its 3-hour deadline.
        report(&mut s, "A1", Severity::S1, at(2, 16, 0), Some(10));
        report(&mut s, "A2", Severity::S1, at(3, 2, 0), Some(20));
        report(&mut s, "A3", Severity::S2, at(3, 4, 0), Some(5));
        report(&mut s, "A4", Severity::S3, at(3, 15, 59), None);
        // 2 November (desk), a second before 3 November begins: S4 in 60 min.
        report(&mut s, "B1", Severity::S4, at(2, 15, 59), Some(60));
        let now = at(4, 10, 0);
        let t = s.trends(Span::Days, now, 10).unwrap();
        let day = |label: &str| t.sla.periods.iter().find(|p| p.label == label).unwrap();
        let d3 = day("11-03");
        assert_eq!(
            (d3.all.opened, d3.all.met, d3.all.breached, d3.all.answered),
            // Answered that day: A1, A2, A3 and B1 (below).
            (4, 2, 2, 4)
        );
        assert_eq!(d3.all.attainment, Some(50.0));
        // 5, 10 and 20 minutes: the median is 10.
        assert_eq!(d3.all.median_response_secs, Some(600));
        let s1 = d3.cell(Some(Severity::S1));
        assert_eq!(
            (s1.met, s1.breached, s1.median_response_secs),
            (1, 1, Some(600))
        );
        assert_eq!(d3.cell(Some(Severity::S3)).breached, 1);
        let d2 = day("11-02");
        // B1 reported 15:59 UTC on the 2nd (23:59 desk), answered 16:59 UTC,
        // which is the 3rd at the desk: opened on one day, answered the next.
        assert_eq!((d2.all.opened, d2.all.answered), (1, 0));
        assert_eq!(d2.cell(Some(Severity::S4)).attainment, Some(100.0));
        assert_eq!(d3.cell(Some(Severity::S4)).answered, 1);
        assert_eq!((t.sla.total.all.opened, t.sla.total.all.breached), (5, 2));
        // The header's fortnight: the last 14 days, 3 November among them.
        let spark = s.attainment_days(14, now).unwrap();
        assert_eq!(spark.len(), 14);
        assert_eq!(&spark[11..], &[Some(100.0), Some(50.0), None]);
    });
}

#[test]
fn quota_use_per_month_names_who_ran_out() {
    each_engine("quota_use_per_month_names_who_ran_out", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        // Ten faster handlings in November use the plan up; the eleventh comes
        // from a package bought that month.
        s.add_package(
            "Acme",
            PackageKind::TicketHandling,
            at(2, 0, 0).date_naive(),
            actor(at(2, 9, 0)),
        )
        .unwrap();
        for i in 0..11 {
            let mut e = new_esc(&format!("F{i}"), Severity::S3, at(3, 1, i));
            e.kind = EscalationKind::Faster;
            s.add_escalation(&e, actor(at(3, 1, i))).unwrap();
        }
        let t = s.trends(Span::Months, at(4, 10, 0), 10).unwrap();
        assert_eq!(t.quota_months.len(), 12);
        assert_eq!(t.quota_months[11], "2026-11");
        assert_eq!(t.quota_customers, 1);
        let acme = &t.quotas[0];
        assert_eq!(acme.customer, "Acme");
        let nov = &acme.months[11];
        assert_eq!(
            (
                nov.faster.plan_used,
                nov.faster.plan_total,
                nov.faster.package_used
            ),
            (10, 10, 1)
        );
        assert!(nov.faster.ran_out());
        assert_eq!(nov.packages_bought, 1);
        // October: before the subscription, so the plan gave nothing.
        assert_eq!(acme.months[10].faster.plan_total, 0);
        assert_eq!(acme.months_ran_out(), 1);
    });
}

#[test]
fn a_customers_month_is_its_own_escalations_only() {
    each_engine("a_customers_month_is_its_own_escalations", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        report(&mut s, "A1", Severity::S1, at(3, 2, 0), Some(10));
        report(&mut s, "A2", Severity::S2, at(3, 3, 0), Some(45));
        let p = crate::domain::period::Period::parse("2026-11").unwrap();
        let m = s.customer_sla("Acme", p, at(20, 0, 0)).unwrap();
        assert_eq!(m.label, "2026-11");
        assert_eq!((m.all.opened, m.all.met, m.all.breached), (2, 1, 1));
        assert_eq!(
            m.cell(Some(Severity::S2)).median_response_secs,
            Some(45 * 60)
        );
        assert!(s.customer_sla("Nobody", p, at(20, 0, 0)).is_err());
    });
}

/// Each read is a range of its own covering index: the span's entries,
/// never the table or the whole history.
#[test]
fn the_trends_read_ranges_of_covering_indexes() {
    let s = store_with_customer();
    let plan = |sql: &str| query_plan(&s, sql, Vec::new());
    let reported = plan(&format!(
        "{} INDEXED BY escalations_trend WHERE reported_at >= 1 AND reported_at < 2",
        super::REPORTED
    ));
    assert!(
        reported
            .contains("USING COVERING INDEX escalations_trend (reported_at>? AND reported_at<?)"),
        "{reported}"
    );
    let answered = plan(
        "SELECT responded_at, severity FROM escalations INDEXED BY escalations_answered
         WHERE responded_at >= 1 AND responded_at < 2",
    );
    assert!(
        answered.contains(
            "USING COVERING INDEX escalations_answered (responded_at>? AND responded_at<?)"
        ),
        "{answered}"
    );
    let uses = plan(
        "SELECT customer_id, month, quota, package_id IS NOT NULL
         FROM quota_uses INDEXED BY quota_uses_trend
         WHERE month >= '2025-12' AND month <= '2026-11' AND returned_at IS NULL",
    );
    assert!(
        uses.contains("USING COVERING INDEX quota_uses_trend (month>? AND month<?)"),
        "{uses}"
    );
    let customer = plan(&format!(
        "{} WHERE customer_id = 1 AND reported_at >= 1 AND reported_at < 2",
        super::REPORTED
    ));
    assert!(
        customer
            .contains("escalations_customer (customer_id=? AND reported_at>? AND reported_at<?)"),
        "{customer}"
    );
}

/// A desk in Berlin: the store's periods follow the desk's zone, so the
/// day summer time ends has 25 hours and an escalation at 23:30 UTC on
/// 25 October belongs to the 26th.
#[test]
fn a_dst_desk_counts_in_its_own_days() {
    let mut s = store_with_customer();
    let mut rules = s.rules().clone();
    rules.calendar = crate::domain::calendar::DeskCalendar::new(chrono_tz::Europe::Berlin, []);
    s.set_rules(rules);
    let oct = |d, h, mi| Utc.with_ymd_and_hms(2026, 10, d, h, mi, 0).unwrap();
    // The subscription starts in November: the store takes what it is
    // given as history, as an import would.
    for (no, at) in [
        ("D1", oct(24, 22, 0)),
        ("D2", oct(25, 22, 59)),
        ("D3", oct(25, 23, 30)),
    ] {
        let e = new_esc(no, Severity::S4, at);
        s.lite()
            .unwrap()
            .execute(
                "INSERT INTO escalations (customer_id, ticket_no, title, kind, severity, state,
                     reported_at, deadline, updated_at, open_rank)
                 VALUES (1, ?1, ?2, 'general', 4, 'new', ?3, ?4, ?3, 0)",
                rusqlite::params![
                    e.ticket_no,
                    e.title,
                    at.timestamp(),
                    at.timestamp() + 8 * 3600
                ],
            )
            .unwrap();
    }
    let t = s.trends(Span::Days, oct(27, 12, 0), 10).unwrap();
    let opened = |label: &str| {
        let p = t.sla.periods.iter().find(|p| p.label == label).unwrap();
        ((p.end - p.start).num_hours(), p.all.opened)
    };
    // 25 October: from 22:00 UTC on the 24th (midnight CEST) to 23:00 UTC
    // on the 25th (midnight CET).
    assert_eq!(opened("10-25"), (25, 2));
    assert_eq!(opened("10-26"), (24, 1));
    // Unanswered, all three past their 8 hours by the 27th: breached.
    assert_eq!(t.sla.total.all.breached, 3);
}
