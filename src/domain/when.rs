//! Times as engineers type them: RFC 3339, desk time or a span from now.
//! One rule for every time: inside the years [`YEARS`] (1970 to 2200),
//! like every date, so a typo such as year 0001 or 9999 is refused rather
//! than stored, and never formatted past what RFC 3339 can write.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::calendar::YEARS;

/// Reads an exact moment in RFC 3339, as scripts and `SREDESK_NOW` give it.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    let at = DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("'{s}' is not an RFC 3339 time such as 2026-11-22T09:30:00Z ({e})"))?;
    in_years(at, s)
}

/// `at` if its year is one the desk takes.
fn in_years(at: DateTime<Utc>, s: &str) -> Result<DateTime<Utc>, String> {
    if YEARS.contains(&at.year()) {
        Ok(at)
    } else {
        Err(format!(
            "'{s}' is outside the years {} to {}",
            YEARS.start(),
            YEARS.end()
        ))
    }
}

/// Reads a time as people give it: RFC 3339, "YYYY-MM-DD HH:MM" in the
/// desk's zone, or "+90m", "+2h", "+1d" from now.
pub fn parse_when(s: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, String> {
    in_years(read_when(s, now, tz)?, s)
}

fn read_when(s: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, String> {
    let t = s.trim();
    if let Some(rel) = t.strip_prefix('+') {
        // The unit is the last character, whatever its width in bytes.
        let unit_at = rel.char_indices().last().map_or(0, |(i, _)| i);
        let (n, unit) = rel.split_at(unit_at);
        let n: i64 = n.trim().parse().map_err(|_| bad_when(s))?;
        // Checked: a span beyond chrono's range is a mistake, not a crash.
        let d = match unit {
            "m" => Duration::try_minutes(n),
            "h" => Duration::try_hours(n),
            "d" => Duration::try_days(n),
            _ => None,
        }
        .ok_or_else(|| bad_when(s))?;
        if !(0..=366 * 24 * 60).contains(&d.num_minutes()) {
            return Err(bad_when(s));
        }
        return Ok(now + d);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
        .map_err(|_| bad_when(s))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|l| l.with_timezone(&Utc))
        .ok_or_else(|| format!("'{s}' does not exist in {tz} (a clock change skips it)"))
}

fn bad_when(s: &str) -> String {
    format!(
        "'{s}' is not a time: give RFC 3339 (2026-11-23T14:00:00+08:00), desk time \
         (2026-11-23 14:00) or a time from now (+90m, +2h, +1d)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_three_ways() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
        let tz = chrono_tz::Asia::Shanghai;
        assert_eq!(
            parse_when("+2h", now, tz).unwrap(),
            now + Duration::hours(2)
        );
        assert_eq!(
            parse_when("+90m", now, tz).unwrap(),
            now + Duration::minutes(90)
        );
        assert_eq!(
            parse_when("2026-11-23 14:00", now, tz).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap()
        );
        assert_eq!(
            parse_when("2026-11-23T06:00:00Z", now, tz).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap()
        );
        assert!(parse_when("+2y", now, tz).is_err());
        assert!(
            parse_when("tomorrow", now, tz)
                .unwrap_err()
                .contains("+90m")
        );
        assert!(parse_when("+", now, tz).is_err());
        // As typed into the dashboard, one key at a time: never a panic.
        for s in [
            "+2é",
            "+分",
            "+2分",
            "+",
            "+-1h",
            "+99999999999d",
            "+9999999999999999d",
            "+9223372036854775807m",
            "2026-11-23 14:0é",
        ] {
            assert!(parse_when(s, now, tz).is_err(), "{s}");
        }
    }

    #[test]
    fn every_time_keeps_to_the_years_every_date_keeps_to() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
        let tz = chrono_tz::Asia::Shanghai;
        for s in [
            "0001-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "2201-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            let e = parse_instant(s).unwrap_err();
            assert!(e.contains("outside the years 1970 to 2200"), "{s}: {e}");
            assert!(parse_when(s, now, tz).is_err(), "{s}");
        }
        assert!(parse_when("0001-01-01 00:00", now, tz).is_err());
        let late = Utc.with_ymd_and_hms(2200, 12, 31, 0, 0, 0).unwrap();
        assert!(
            parse_when("+2d", late, tz).is_err(),
            "a span past the years"
        );
        assert!(parse_instant("1970-01-01T00:00:00Z").is_ok());
        assert!(parse_instant("2200-12-31T23:59:59Z").is_ok());
    }
}
