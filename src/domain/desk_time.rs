//! Moments as people read them: each shape a time is written in, once.
//! Every one is in the desk's zone, taken as `tz`: a person reads no UTC
//! (JSON, for machines, stays UTC).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// "2026-11-23 09:30 CST": with its zone, as customers read it.
pub fn zoned(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string()
}

/// "2026-11-23 09:30 UTC+08:00": what notices say. An abbreviation such
/// as "CST" is China, Cuba or the US Midwest depending on the reader; the
/// offset is one moment for all of them.
pub fn with_offset(t: DateTime<Utc>, tz: Tz) -> String {
    let local = t.with_timezone(&tz);
    let offset = local.format("%:z").to_string();
    format!("{} UTC{offset}", local.format("%Y-%m-%d %H:%M"))
}

/// "CST": the zone's name at `t`, for a column title ("SINCE (CST)").
pub fn zone(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Z").to_string()
}

/// "2026-11-23 09:30", as forms show it and `parse_when` reads it back.
pub fn minute(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// "11-23 09:30": within the year, where columns are narrow.
pub fn short(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%m-%d %H:%M").to_string()
}

/// "09:30": the time of day.
pub fn hour_minute(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}

/// "09:30:05": the time of day to the second.
pub fn clock(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%H:%M:%S").to_string()
}

/// "2026-11-23": the desk's date.
pub fn day(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

/// "2026-11": the desk's month.
pub fn month(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m").to_string()
}

/// RFC 3339 with the desk's offset, for files a machine reads back.
pub fn rfc3339(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).to_rfc3339()
}

/// "2026-11-22 18:00:00 CST": the header's clock, in the desk's zone and
/// saying which.
pub fn zoned_seconds(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn each_shape_in_the_desks_zone() {
        let t = Utc.with_ymd_and_hms(2026, 11, 30, 16, 5, 9).unwrap();
        let tz = chrono_tz::Asia::Shanghai;
        assert_eq!(zoned(t, tz), "2026-12-01 00:05 CST");
        assert_eq!(with_offset(t, tz), "2026-12-01 00:05 UTC+08:00");
        assert_eq!(with_offset(t, chrono_tz::UTC), "2026-11-30 16:05 UTC+00:00");
        assert_eq!(minute(t, tz), "2026-12-01 00:05");
        assert_eq!(zone(t, tz), "CST");
        assert_eq!(short(t, tz), "12-01 00:05");
        assert_eq!(hour_minute(t, tz), "00:05");
        assert_eq!(clock(t, tz), "00:05:09");
        assert_eq!(day(t, tz), "2026-12-01");
        assert_eq!(month(t, tz), "2026-12");
        assert_eq!(rfc3339(t, tz), "2026-12-01T00:05:09+08:00");
    }
}
