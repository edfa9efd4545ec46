//! Times as engineers type them: RFC 3339, desk time or a span from now.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Reads an exact moment in RFC 3339, as scripts and `SREDESK_NOW` give it.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("'{s}' is not an RFC 3339 time such as 2026-11-22T09:30:00Z ({e})"))
}

/// Reads a time as people give it: RFC 3339, "YYYY-MM-DD HH:MM" in the
/// desk's zone, or "+90m", "+2h", "+1d" from now.
pub fn parse_when(s: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, String> {
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
}
