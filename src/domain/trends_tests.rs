use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::calendar::DeskCalendar;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn shanghai() -> DeskCalendar {
    DeskCalendar::new(chrono_tz::Asia::Shanghai, [])
}

#[test]
fn days_start_at_the_desks_midnight() {
    // 10:00 UTC on 22 November is 18:00 in Shanghai.
    let w = windows(Span::Days, at(2026, 11, 22, 10, 0), &shanghai());
    assert_eq!(w.len(), 30);
    let last = w[29];
    assert_eq!(last.first_day.to_string(), "2026-11-22");
    // The desk's midnight: 16:00 UTC the day before.
    assert_eq!(last.start, at(2026, 11, 21, 16, 0));
    assert_eq!(last.end, at(2026, 11, 22, 16, 0));
    assert_eq!(w[0].first_day.to_string(), "2026-10-24");
    assert!(w.windows(2).all(|p| p[0].end == p[1].start));
    assert_eq!(last.label(Span::Days), "11-22");
}

#[test]
fn weeks_start_on_monday_and_months_on_the_first() {
    let cal = shanghai();
    // Sunday 22 November: its week began on Monday the 16th.
    let w = windows(Span::Weeks, at(2026, 11, 22, 10, 0), &cal);
    assert_eq!(w.len(), 12);
    assert_eq!(w[11].first_day.to_string(), "2026-11-16");
    assert_eq!(w[11].end, at(2026, 11, 22, 16, 0));
    assert_eq!(w[0].first_day.to_string(), "2026-08-31");
    let m = windows(Span::Months, at(2026, 11, 22, 10, 0), &cal);
    assert_eq!(m.len(), 12);
    assert_eq!(m[0].label(Span::Months), "2025-12");
    assert_eq!(m[11].start, at(2026, 10, 31, 16, 0));
    assert_eq!(m[11].end, at(2026, 11, 30, 16, 0));
}

#[test]
fn a_dst_zone_has_a_25_hour_day_and_months_at_its_midnight() {
    // Berlin leaves summer time on Sunday 25 October 2026 at 03:00.
    let cal = DeskCalendar::new(chrono_tz::Europe::Berlin, []);
    let w = windows(Span::Days, at(2026, 10, 27, 12, 0), &cal);
    let day = |s: &str| w.iter().find(|w| w.first_day.to_string() == s).unwrap();
    let long = day("2026-10-25");
    assert_eq!(long.start, at(2026, 10, 24, 22, 0), "midnight CEST");
    assert_eq!(long.end, at(2026, 10, 25, 23, 0), "midnight CET");
    assert_eq!((long.end - long.start).num_hours(), 25);
    assert_eq!(
        (day("2026-10-26").end - day("2026-10-26").start).num_hours(),
        24
    );
    // And enters it on 29 March: a 23-hour day, a month at CET midnight.
    let w = windows(Span::Days, at(2026, 3, 30, 12, 0), &cal);
    let short = w
        .iter()
        .find(|w| w.first_day.to_string() == "2026-03-29")
        .unwrap();
    assert_eq!((short.end - short.start).num_hours(), 23);
    let m = windows(Span::Months, at(2026, 11, 2, 12, 0), &cal);
    assert_eq!(m[11].start, at(2026, 10, 31, 23, 0), "1 November, CET");
    assert_eq!(m[10].start, at(2026, 9, 30, 22, 0), "1 October, CEST");
    // An escalation at 23:30 UTC on the 25th is the 26th in Berlin.
    let mut t = Tally::new(
        Span::Days,
        windows(Span::Days, at(2026, 10, 27, 12, 0), &cal),
    );
    t.reported(&Reported {
        at: at(2026, 10, 25, 23, 30),
        severity: Severity::S3,
        verdict: Verdict::Met(60),
    });
    let trend = t.finish();
    let on = |d: &str| {
        trend
            .periods
            .iter()
            .find(|p| p.label == d)
            .map(|p| p.all.opened)
    };
    assert_eq!((on("10-25"), on("10-26")), (Some(0), Some(1)));
}

fn r(at: DateTime<Utc>, severity: Severity, verdict: Verdict) -> Reported {
    Reported {
        at,
        severity,
        verdict,
    }
}

/// A fixed data set, counted by hand: the day before "now" holds four
/// escalations, today one, and one falls before the span.
#[test]
fn attainment_breaches_and_medians_per_period_and_severity() {
    let cal = shanghai();
    let now = at(2026, 11, 22, 10, 0);
    let mut t = Tally::new(Span::Days, windows(Span::Days, now, &cal));
    // 21 November in Shanghai runs from 20 Nov 16:00 UTC to 21 Nov 16:00.
    t.reported(&r(at(2026, 11, 20, 16, 0), Severity::S1, Verdict::Met(600)));
    t.reported(&r(
        at(2026, 11, 21, 3, 0),
        Severity::S1,
        Verdict::Late(1200),
    ));
    t.reported(&r(at(2026, 11, 21, 4, 0), Severity::S2, Verdict::Met(300)));
    t.reported(&r(at(2026, 11, 21, 15, 59), Severity::S3, Verdict::Overdue));
    // Today (from 21 Nov 16:00 UTC): one not yet due.
    t.reported(&r(at(2026, 11, 21, 16, 0), Severity::S1, Verdict::Open));
    // Before the span: left out.
    t.reported(&r(at(2026, 9, 1, 0, 0), Severity::S1, Verdict::Met(1)));
    t.answered(at(2026, 11, 21, 1, 0), Severity::S1);
    t.answered(at(2026, 11, 21, 3, 20), Severity::S1);
    t.answered(at(2026, 11, 21, 4, 5), Severity::S2);
    let trend = t.finish();
    assert_eq!(trend.periods.len(), 30);
    let day = &trend.periods[28];
    assert_eq!(day.label, "11-21");
    assert_eq!(
        (
            day.all.opened,
            day.all.met,
            day.all.breached,
            day.all.answered
        ),
        (4, 2, 2, 3)
    );
    assert_eq!(day.all.attainment, Some(50.0));
    // Three answered: 300, 600, 1200 seconds.
    assert_eq!(day.all.median_response_secs, Some(600));
    let s1 = day.cell(Some(Severity::S1));
    assert_eq!((s1.opened, s1.met, s1.breached, s1.answered), (2, 1, 1, 2));
    // Two answered: the lower middle.
    assert_eq!(s1.median_response_secs, Some(600));
    assert_eq!(day.cell(Some(Severity::S2)).attainment, Some(100.0));
    let s3 = day.cell(Some(Severity::S3));
    assert_eq!(
        (s3.breached, s3.attainment, s3.median_response_secs),
        (1, Some(0.0), None)
    );
    // Today: one opened, nothing judged, so no attainment at all (not 100%).
    let today = &trend.periods[29];
    assert_eq!((today.all.opened, today.all.attainment), (1, None));
    // The span as a whole.
    assert_eq!(
        (
            trend.total.all.opened,
            trend.total.all.met,
            trend.total.all.breached
        ),
        (5, 2, 2)
    );
    assert_eq!(trend.total.all.median_response_secs, Some(600));
    let series: Vec<Option<f64>> = trend
        .series(Some(Severity::S1))
        .map(|c| c.attainment)
        .collect();
    assert_eq!(&series[27..], &[None, Some(50.0), None]);
    assert!(!trend.is_empty());
}

#[test]
fn helpers_read_as_people_write_them() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[5]), Some(5));
    assert_eq!(median(&[1, 2, 3, 40]), Some(2));
    assert_eq!(duration_text(45), "45s");
    assert_eq!(duration_text(12 * 60 + 5), "12m");
    assert_eq!(duration_text(3 * 3600 + 5 * 60), "3h05m");
    assert_eq!(percent_text(Some(95.0)), "95.0%");
    assert_eq!(percent_text(None), "—");
    assert_eq!(Span::parse("12m"), Ok(Span::Months));
    assert!(Span::parse("1y").unwrap_err().contains("30d, 12w or 12m"));
    assert_eq!(Span::Months.next(), Span::Days);
}
