use super::*;
use crate::domain::calendar::parse_date;
use chrono_tz::Tz;

fn shanghai() -> DeskCalendar {
    // 2026-11-27 is a Friday; 2026-12-04 (a Friday) is a holiday.
    DeskCalendar::new(
        chrono_tz::Asia::Shanghai,
        [parse_date("2026-12-04").unwrap()],
    )
}

/// Desk-local wall time in `cal`'s zone.
fn at(cal: &DeskCalendar, s: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    cal.tz
        .from_local_datetime(&naive)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn wall(cal: &DeskCalendar, t: DateTime<Utc>) -> String {
    t.with_timezone(&cal.tz)
        .format("%a %Y-%m-%d %H:%M")
        .to_string()
}

fn walk(cal: &DeskCalendar, from: &str, minutes: i64) -> String {
    let h = BusinessHours::default();
    wall(cal, h.add(cal, at(cal, from), Duration::minutes(minutes)))
}

#[test]
fn friday_evening_plus_three_hours_is_monday_late_morning() {
    let c = shanghai();
    assert_eq!(walk(&c, "2026-11-27 17:30", 180), "Mon 2026-11-30 11:30");
}

#[test]
fn a_holiday_is_skipped_like_a_weekend() {
    let c = shanghai();
    // Thursday 17:00: one hour left that day; Friday the 4th is a holiday.
    assert_eq!(walk(&c, "2026-12-03 17:00", 180), "Mon 2026-12-07 11:00");
    assert_eq!(walk(&c, "2026-12-04 10:00", 30), "Mon 2026-12-07 09:30");
}

#[test]
fn start_of_day_and_before_opening() {
    let c = shanghai();
    assert_eq!(walk(&c, "2026-11-30 09:00", 60), "Mon 2026-11-30 10:00");
    assert_eq!(walk(&c, "2026-11-30 07:00", 60), "Mon 2026-11-30 10:00");
    assert_eq!(walk(&c, "2026-11-30 08:59", 1), "Mon 2026-11-30 09:01");
}

#[test]
fn end_of_day_ends_at_closing_not_the_next_opening() {
    let c = shanghai();
    assert_eq!(walk(&c, "2026-11-30 15:00", 180), "Mon 2026-11-30 18:00");
    assert_eq!(walk(&c, "2026-11-30 15:00", 181), "Tue 2026-12-01 09:01");
    assert_eq!(walk(&c, "2026-11-30 18:00", 60), "Tue 2026-12-01 10:00");
    assert_eq!(walk(&c, "2026-11-30 17:59", 1), "Mon 2026-11-30 18:00");
}

#[test]
fn overnight_and_weekend_arrivals_start_at_the_next_opening() {
    let c = shanghai();
    assert_eq!(walk(&c, "2026-12-01 20:00", 30), "Wed 2026-12-02 09:30");
    assert_eq!(walk(&c, "2026-12-01 23:59", 15), "Wed 2026-12-02 09:15");
    assert_eq!(walk(&c, "2026-11-28 12:00", 30), "Mon 2026-11-30 09:30");
    assert_eq!(walk(&c, "2026-11-29 23:00", 960), "Tue 2026-12-01 16:00");
}

#[test]
fn a_long_span_crosses_several_days() {
    let c = shanghai();
    // 16 h of business time from Monday 09:00: 9 h Monday, 7 h Tuesday.
    assert_eq!(
        walk(&c, "2026-11-30 09:00", 16 * 60),
        "Tue 2026-12-01 16:00"
    );
    // Wednesday 6 h, Thursday 9 h, Friday a holiday, Monday 9 h, Tuesday 3 h.
    assert_eq!(
        walk(&c, "2026-12-02 12:00", 27 * 60),
        "Tue 2026-12-08 12:00"
    );
}

#[test]
fn between_counts_only_business_time() {
    let c = shanghai();
    let h = BusinessHours::default();
    let b = |a: &str, z: &str| h.between(&c, at(&c, a), at(&c, z)).num_minutes();
    assert_eq!(b("2026-11-27 17:00", "2026-11-30 10:00"), 120);
    assert_eq!(b("2026-11-28 10:00", "2026-11-29 10:00"), 0);
    assert_eq!(b("2026-11-30 07:00", "2026-11-30 20:00"), 9 * 60);
    assert_eq!(b("2026-11-30 12:00", "2026-11-30 11:00"), 0);
    assert_eq!(b("2026-12-03 17:00", "2026-12-07 09:30"), 90);
}

#[test]
fn between_undoes_add() {
    let c = shanghai();
    let h = BusinessHours::default();
    for from in ["2026-11-27 17:30", "2026-11-28 03:00", "2026-12-03 08:00"] {
        for minutes in [1, 15, 30, 180, 480, 960, 3000] {
            let f = at(&c, from);
            let to = h.add(&c, f, Duration::minutes(minutes));
            assert_eq!(
                h.between(&c, f, to).num_minutes(),
                minutes,
                "{from} +{minutes}m"
            );
        }
    }
}

fn new_york() -> DeskCalendar {
    DeskCalendar::new("America/New_York".parse::<Tz>().unwrap(), [])
}

#[test]
fn a_walk_across_the_spring_change_keeps_wall_clock_hours() {
    // Clocks go forward on Sunday 2026-03-08: Friday is EST (UTC-5),
    // Monday EDT (UTC-4), and the deadline is still 11:30 on the wall.
    let c = new_york();
    let from = at(&c, "2026-03-06 17:30");
    let to = BusinessHours::default().add(&c, from, Duration::hours(3));
    assert_eq!(wall(&c, to), "Mon 2026-03-09 11:30");
    assert_eq!(to.to_rfc3339(), "2026-03-09T15:30:00+00:00");
    assert_eq!(to - from, Duration::hours(3 * 24 - 6 - 1));
}

#[test]
fn a_window_holding_the_change_is_an_hour_shorter_or_longer() {
    let c = new_york();
    let nights = BusinessHours::parse(&["mon-sun".into()], "00:00-06:00").unwrap();
    let day = |d: &str| {
        let d = parse_date(d).unwrap();
        nights.between(&c, c.start_of(d), c.start_of(d + Days::new(1)))
    };
    assert_eq!(day("2026-03-07"), Duration::hours(6));
    assert_eq!(
        day("2026-03-08"),
        Duration::hours(5),
        "02:00 to 03:00 is skipped"
    );
    assert_eq!(
        day("2026-11-01"),
        Duration::hours(7),
        "01:00 to 02:00 comes twice"
    );
    // Two hours from 01:30 on the spring day: the skipped hour is not
    // business time, so it ends at 04:30 EDT.
    let from = at(&c, "2026-03-08 01:30");
    assert_eq!(
        wall(&c, nights.add(&c, from, Duration::hours(2))),
        "Sun 2026-03-08 04:30"
    );
}

#[test]
fn a_window_edge_the_zone_skips_starts_after_the_jump() {
    let c = new_york();
    let h = BusinessHours::parse(&["sun".into()], "02:30-05:00").unwrap();
    let open = h.add(&c, at(&c, "2026-03-08 00:00"), Duration::zero());
    assert_eq!(wall(&c, open), "Sun 2026-03-08 03:00");
}

#[test]
fn parses_days_and_hours_and_says_what_is_wrong() {
    let h = BusinessHours::parse(&["mon-fri".into()], "09:00-18:00").unwrap();
    assert_eq!(h, BusinessHours::default());
    assert_eq!(h.describe(), "Mon–Fri 09:00–18:00");
    let odd = BusinessHours::parse(
        &["Mon".into(), "wed".into(), "sat-sun".into()],
        "08:30-12:00",
    )
    .unwrap();
    assert_eq!(odd.describe(), "Mon, Wed, Sat, Sun 08:30–12:00");
    let err = |days: &[&str], hours: &str| {
        let days: Vec<String> = days.iter().map(|d| d.to_string()).collect();
        BusinessHours::parse(&days, hours).unwrap_err()
    };
    assert!(err(&["monday"], "09:00-18:00").contains("'monday' is not a day"));
    assert!(err(&["fri-mon"], "09:00-18:00").contains("runs backwards"));
    assert!(err(&[], "09:00-18:00").contains("no working day"));
    assert!(err(&["mon"], "9-18").contains("not a window"));
    assert!(err(&["mon"], "18:00-09:00").contains("closes before it opens"));
    assert!(err(&["mon"], "25:00-26:00").contains("not a window"));
}
