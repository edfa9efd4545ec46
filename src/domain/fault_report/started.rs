//! When a fault started, as a customer writes it: the desk's time to the
//! minute, or with the customer's own zone after it.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::calendar::YEARS;
use crate::domain::desk_time;
use crate::domain::escalation::FUTURE_SKEW;

/// "2026-11-22 09:30" in `tz`; "2026-11-22 09:30 +08:00", "... UTC",
/// "... Asia/Shanghai", the desk zone's own abbreviation ("... CST", as
/// the desk writes times), "09:30+08:00" glued, a `T` for the space, or
/// RFC 3339. A start more than a few minutes ahead of `now` is refused.
pub(super) fn parse(v: &str, tz: Tz, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let at = instant(v, tz)?;
    if at > now + FUTURE_SKEW {
        return Err(format!(
            "'{v}' is in the future: it is {} at the desk",
            desk_time::zoned(now, tz)
        ));
    }
    Ok(at)
}

fn instant(v: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    let t = v.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return in_years(at.to_utc(), v);
    }
    let spaced = match t.char_indices().nth(10) {
        Some((i, 'T' | 't')) => format!("{} {}", &t[..i], &t[i + 1..]),
        _ => t.to_string(),
    };
    let mut words = spaced.split_whitespace();
    let (Some(date), Some(time), zone_word, None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(bad(v));
    };
    let (time, glued) = match time.find(['+', '-', 'Z', 'z']) {
        Some(i) => (&time[..i], Some(&time[i..])),
        None => (time, None),
    };
    let zone = match (glued, zone_word) {
        (Some(_), Some(_)) => return Err(bad(v)),
        (g, w) => g.or(w),
    };
    let stamp = format!("{date} {time}");
    let naive = NaiveDateTime::parse_from_str(&stamp, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&stamp, "%Y-%m-%d %H:%M:%S"))
        .map_err(|_| bad(v))?;
    if !YEARS.contains(&naive.year()) {
        return Err(out_of_years(v));
    }
    let at = match zone {
        None => in_zone(naive, tz, v)?,
        Some(z) => match zone_of(z, naive, tz) {
            Some(Zone::Fixed(offset)) => offset
                .from_local_datetime(&naive)
                .single()
                .ok_or_else(|| bad(v))?
                .to_utc(),
            Some(Zone::Named(named)) => in_zone(naive, named, v)?,
            None => {
                return Err(format!(
                    "'{v}': '{z}' is not a time zone we can read; write an offset (+08:00), UTC \
                     or a zone name (Asia/Shanghai)"
                ));
            }
        },
    };
    in_years(at, v)
}

enum Zone {
    Fixed(FixedOffset),
    Named(Tz),
}

fn zone_of(z: &str, naive: NaiveDateTime, desk: Tz) -> Option<Zone> {
    let upper = z.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(&upper);
    if rest.is_empty() || rest == "Z" {
        return FixedOffset::east_opt(0).map(Zone::Fixed);
    }
    if rest.starts_with(['+', '-']) {
        return offset(rest).map(Zone::Fixed);
    }
    // The desk's own abbreviation first: it is what the desk writes, and
    // abbreviations mean different zones in different places (CST).
    let abbreviation = desk
        .from_local_datetime(&naive)
        .earliest()
        .map(|l| l.format("%Z").to_string());
    if abbreviation.is_some_and(|a| a.eq_ignore_ascii_case(z)) {
        return Some(Zone::Named(desk));
    }
    z.parse::<Tz>().ok().map(Zone::Named)
}

/// "+08:00", "+0800", "+08", "+8", "-05:30".
fn offset(s: &str) -> Option<FixedOffset> {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let body = s.get(1..)?;
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return None;
    }
    let (h, m) = match body.split_once(':') {
        Some(hm) => hm,
        None if body.len() <= 2 => (body, "0"),
        None if body.len() == 4 => body.split_at(2),
        None => return None,
    };
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m >= 60 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn in_zone(naive: NaiveDateTime, tz: Tz, v: &str) -> Result<DateTime<Utc>, String> {
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|l| l.to_utc())
        .ok_or_else(|| format!("'{v}' does not exist in {tz} (the clocks skip it)"))
}

fn in_years(at: DateTime<Utc>, v: &str) -> Result<DateTime<Utc>, String> {
    if YEARS.contains(&at.year()) {
        Ok(at)
    } else {
        Err(out_of_years(v))
    }
}

fn out_of_years(v: &str) -> String {
    format!(
        "'{v}' is outside the years {} to {}",
        YEARS.start(),
        YEARS.end()
    )
}

fn bad(v: &str) -> String {
    format!(
        "'{v}' is not a time: write YYYY-MM-DD HH:MM in the desk's time (2026-11-22 09:30), or \
         add your zone (2026-11-22 09:30 +08:00)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn desk_time_or_a_zone_after_it() {
        let tz = chrono_tz::Asia::Shanghai;
        let now = t("2026-11-22T10:00:00Z");
        let at = t("2026-11-22T01:30:00Z");
        for s in [
            "2026-11-22 09:30",
            " 2026-11-22 09:30:00 ",
            "2026-11-22T09:30",
            "2026-11-22 09:30 CST",
            "2026-11-22 09:30 cst",
            "2026-11-22 09:30 +08:00",
            "2026-11-22 09:30 +0800",
            "2026-11-22 09:30 +8",
            "2026-11-22 09:30+08:00",
            "2026-11-22 09:30 UTC+8",
            "2026-11-22 09:30 Asia/Shanghai",
            "2026-11-22 01:30 UTC",
            "2026-11-22 01:30Z",
            "2026-11-22 01:30 GMT",
            "2026-11-21 20:30 America/New_York",
            "2026-11-21 20:30 -05:00",
            "2026-11-22T09:30:00+08:00",
        ] {
            assert_eq!(parse(s, tz, now), Ok(at), "{s}");
        }
        // A few minutes ahead is a clock's drift; more is a mistake.
        assert!(parse("2026-11-22 18:05", tz, now).is_ok());
        let err = parse("2026-11-22 18:06", tz, now).unwrap_err();
        assert!(
            err.contains("in the future: it is 2026-11-22 18:00 CST"),
            "{err}"
        );
        for s in [
            "yesterday",
            "2026-11-22",
            "09:30",
            "2026-11-22 25:00",
            "2026-13-01 09:30",
            "2026-11-22 09:30 +08:00 extra",
            "2026-11-22 09:30+08:00 UTC",
            "2026-11-22 09:30 +15",
            "2026-11-22 09:30 +08:75",
            "2026-11-22 09:30 ++8",
            "2026-11-22 09:30 +",
            "2026-11-22 09:30 PST",
            "2026-11-22 09:30 Mars/Olympus",
            "1900-01-01 00:00",
            "2026-11-22 09:3é",
            "２０２６-11-22 09:30",
            "2026-11-22é09:30",
        ] {
            assert!(parse(s, tz, now).is_err(), "{s}");
        }
        // Spring forward in New York: 02:30 never happens there.
        let ny = chrono_tz::America::New_York;
        let err = parse("2026-03-08 02:30", ny, now).unwrap_err();
        assert!(err.contains("does not exist in America/New_York"), "{err}");
    }
}
