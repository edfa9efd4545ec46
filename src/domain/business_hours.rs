//! The desk's business hours: which weekdays it works and from when to
//! when, in its own time zone, minus the holidays its calendar keeps.
//! A severity put on business hours runs its clocks only inside them, so
//! its deadlines are found by walking business time.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use super::calendar::DeskCalendar;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessHours {
    /// Monday first.
    days: [bool; 7],
    open: NaiveTime,
    close: NaiveTime,
}

/// A walk that finds no business time in this many days has met a
/// calendar with none left (every remaining day a holiday): it cannot
/// happen with a config that passed its checks, but it must end.
const MAX_DAYS: u64 = 3 * 366;

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Default for BusinessHours {
    /// Monday to Friday, 09:00 to 18:00.
    fn default() -> Self {
        BusinessHours {
            days: [true, true, true, true, true, false, false],
            open: NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time"),
            close: NaiveTime::from_hms_opt(18, 0, 0).expect("a valid time"),
        }
    }
}

impl BusinessHours {
    /// Reads the config's form: days as names or ranges ("mon-fri",
    /// "sat"), hours as "09:00-18:00" (a day's window, closing after it
    /// opens).
    pub fn parse(days: &[String], hours: &str) -> Result<BusinessHours, String> {
        let mut set = [false; 7];
        for entry in days {
            let e = entry.trim().to_ascii_lowercase();
            let (from, to) = e.split_once('-').unwrap_or((&e, &e));
            let (a, b) = (day_index(from, entry)?, day_index(to, entry)?);
            if a > b {
                return Err(format!(
                    "'{entry}' runs backwards; write it as e.g. \"mon-fri\""
                ));
            }
            set[a..=b].iter_mut().for_each(|d| *d = true);
        }
        if !set.contains(&true) {
            return Err("no working day given; e.g. days = [\"mon-fri\"]".into());
        }
        let bad = || format!("'{hours}' is not a window like \"09:00-18:00\"");
        let (open, close) = hours.split_once('-').ok_or_else(bad)?;
        let time = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
        let (open, close) = (time(open)?, time(close)?);
        if close <= open {
            return Err(format!(
                "'{hours}' closes before it opens; a window runs within one day"
            ));
        }
        Ok(BusinessHours {
            days: set,
            open,
            close,
        })
    }

    /// "Mon–Fri 09:00–18:00", for the detail and the help.
    pub fn describe(&self) -> String {
        let mut runs: Vec<String> = Vec::new();
        let mut i = 0;
        while i < 7 {
            if !self.days[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i + 1 < 7 && self.days[i + 1] {
                i += 1;
            }
            runs.push(match i - start {
                0 => title(start),
                1 => format!("{}, {}", title(start), title(i)),
                _ => format!("{}–{}", title(start), title(i)),
            });
            i += 1;
        }
        format!(
            "{} {}–{}",
            runs.join(", "),
            self.open.format("%H:%M"),
            self.close.format("%H:%M")
        )
    }

    fn works_on(&self, cal: &DeskCalendar, d: NaiveDate) -> bool {
        self.days[d.weekday().num_days_from_monday() as usize] && !cal.is_holiday(d)
    }

    /// The day's window as instants; a day that does not work has none.
    /// Across a daylight-saving change the window keeps its wall-clock
    /// edges, so it is an hour shorter or longer in real time.
    fn window(&self, cal: &DeskCalendar, d: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        self.works_on(cal, d)
            .then(|| (local(cal, d, self.open), local(cal, d, self.close)))
    }

    /// The instant `span` of business time after `from`. Time before the
    /// day opens, after it closes, on days off and on holidays does not
    /// count; a span that ends exactly at closing ends there, not at the
    /// next opening.
    pub fn add(&self, cal: &DeskCalendar, from: DateTime<Utc>, span: Duration) -> DateTime<Utc> {
        let mut left = span.max(Duration::zero());
        let mut day = cal.date(from);
        for _ in 0..MAX_DAYS {
            if let Some((open, close)) = self.window(cal, day) {
                let start = open.max(from);
                if start < close || (start == close && left.is_zero()) {
                    if left <= close - start {
                        return start + left;
                    }
                    left -= close - start;
                }
            }
            day = day + Days::new(1);
        }
        from + span
    }

    /// Business time between `from` and `to` (zero when `to` is not
    /// later).
    pub fn between(&self, cal: &DeskCalendar, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        if to <= from {
            return total;
        }
        let mut day = cal.date(from);
        let last = cal.date(to);
        while day <= last {
            if let Some((open, close)) = self.window(cal, day) {
                let (a, b) = (open.max(from), close.min(to));
                if b > a {
                    total += b - a;
                }
            }
            day = day + Days::new(1);
        }
        total
    }
}

fn day_index(name: &str, entry: &str) -> Result<usize, String> {
    DAY_NAMES
        .iter()
        .position(|d| *d == name.trim())
        .ok_or_else(|| {
            format!(
                "'{entry}' is not a day or a range of days ({} or e.g. \"mon-fri\")",
                DAY_NAMES.join(", ")
            )
        })
}

fn title(i: usize) -> String {
    let d = Weekday::try_from(u8::try_from(i).unwrap_or(0)).unwrap_or(Weekday::Mon);
    d.to_string()
}

/// A desk-local time on a date as an instant. A time the zone skips (the
/// hour clocks jump over) is read as the first instant after the jump; a
/// time it repeats, as its first occurrence.
fn local(cal: &DeskCalendar, d: NaiveDate, t: NaiveTime) -> DateTime<Utc> {
    let naive = d.and_time(t);
    // Zones jump by at most a few hours, on quarter-hour boundaries.
    (0..=16)
        .find_map(|q| {
            cal.tz
                .from_local_datetime(&(naive + Duration::minutes(15 * q)))
                .earliest()
        })
        .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc))
}

#[cfg(test)]
#[path = "business_hours_tests.rs"]
mod tests;
