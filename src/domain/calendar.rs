//! The desk's calendar: its time zone, its working days and its months.
//! Quotas are counted per calendar month in the desk's time zone, so a
//! month begins at the desk's midnight, not at UTC's.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskCalendar {
    pub tz: Tz,
    holidays: BTreeSet<NaiveDate>,
}

/// A calendar month, as the desk counts quotas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("months hold valid dates")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Days::new(1)
    }

    pub fn next(self) -> Month {
        self.plus(1)
    }

    pub fn plus(self, months: u32) -> Month {
        Month::of(self.first_day() + Months::new(months))
    }

    pub fn minus(self, months: u32) -> Month {
        Month::of(self.first_day() - Months::new(months))
    }

    /// The key the store files quota uses under, e.g. "2026-11".
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

impl Default for DeskCalendar {
    fn default() -> Self {
        DeskCalendar::new(chrono_tz::Asia::Shanghai, [])
    }
}

impl DeskCalendar {
    pub fn new(tz: Tz, holidays: impl IntoIterator<Item = NaiveDate>) -> DeskCalendar {
        DeskCalendar {
            tz,
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn holidays(&self) -> impl Iterator<Item = &NaiveDate> {
        self.holidays.iter()
    }

    /// The desk's date at an instant.
    pub fn date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    pub fn month(&self, t: DateTime<Utc>) -> Month {
        Month::of(self.date(t))
    }

    /// The instant a desk date begins (its midnight in the desk's zone).
    pub fn start_of(&self, date: NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
        // A zone that skips midnight (DST) starts the day at the first
        // instant that exists.
        self.tz
            .from_local_datetime(&midnight)
            .earliest()
            .or_else(|| {
                self.tz
                    .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| midnight.and_utc())
    }

    /// When the month after `t`'s month begins: when quotas refill.
    pub fn next_month_start(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        self.start_of(self.month(t).next().first_day())
    }

    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.contains(&d)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// The first working day after `d`.
    pub fn next_working_day_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d + Days::new(1);
        while !self.is_working_day(day) {
            day = day + Days::new(1);
        }
        day
    }

    /// `n` working days after `d`.
    pub fn working_days_after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        (0..n).fold(d, |day, _| self.next_working_day_after(day))
    }
}

/// Parses a holiday list entry, saying which entry is wrong.
/// Years outside this range are typing mistakes, and far enough out they
/// would overflow date arithmetic.
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=2200;

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| format!("'{s}' is not a date like 2026-10-01 ({e})"))?;
    if !YEARS.contains(&d.year()) {
        return Err(format!(
            "'{s}' is outside the years {} to {}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn cal() -> DeskCalendar {
        // 2026-10-01 is a Thursday, 2026-10-02 a Friday: national holidays.
        DeskCalendar::new(
            chrono_tz::Asia::Shanghai,
            [d("2026-10-01"), d("2026-10-02")],
        )
    }

    #[test]
    fn next_working_day_skips_weekends_and_holidays() {
        let c = cal();
        assert_eq!(c.next_working_day_after(d("2026-11-19")), d("2026-11-20")); // Thu -> Fri
        assert_eq!(c.next_working_day_after(d("2026-11-20")), d("2026-11-23")); // Fri -> Mon
        assert_eq!(c.next_working_day_after(d("2026-11-21")), d("2026-11-23")); // Sat -> Mon
        assert_eq!(c.next_working_day_after(d("2026-09-30")), d("2026-10-05")); // holidays + weekend
        assert_eq!(c.working_days_after(d("2026-11-19"), 3), d("2026-11-24"));
    }

    #[test]
    fn months_roll_at_the_desks_midnight_not_utcs() {
        let c = cal();
        // 2026-11-30T16:00Z is 2026-12-01 00:00 in Shanghai (UTC+8).
        let before = Utc.with_ymd_and_hms(2026, 11, 30, 15, 59, 59).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap();
        assert_eq!(c.month(before).key(), "2026-11");
        assert_eq!(c.month(at).key(), "2026-12");
        assert_eq!(c.next_month_start(before), at);
        assert_eq!(c.start_of(d("2026-12-01")), at);
    }

    #[test]
    fn month_arithmetic() {
        let m = Month::of(d("2026-11-15"));
        assert_eq!(m.last_day(), d("2026-11-30"));
        assert_eq!(m.plus(2).key(), "2027-01");
        assert_eq!(m.minus(11).key(), "2025-12");
        assert_eq!(Month::of(d("2028-02-10")).last_day(), d("2028-02-29"));
    }

    #[test]
    fn bad_dates_say_so() {
        assert!(
            parse_date("2026-13-01")
                .unwrap_err()
                .contains("'2026-13-01'")
        );
        assert!(parse_date("+262142-12-31").is_err());
        assert!(
            parse_date("9999-12-31")
                .unwrap_err()
                .contains("outside the years")
        );
    }
}
