//! Times and desk days as the store keeps them, read from a row of either
//! engine. (Text another tool wrote that is not UTF-8 is read lossily by
//! `engine::Row::text`, tested here: one bad row must not fail a listing
//! and show half of it as if all were well.)

use super::engine::{Cell, Raw};

/// A time as the store keeps it (seconds since the epoch), from a row of
/// either engine.
impl Cell for chrono::DateTime<chrono::Utc> {
    fn from_raw(raw: Raw<'_>) -> Result<Self, String> {
        let secs = i64::from_raw(raw)?;
        chrono::DateTime::from_timestamp(secs, 0)
            .ok_or_else(|| format!("holds timestamp {secs}, out of range"))
    }
}

/// A desk date, from a row of either engine.
impl Cell for chrono::NaiveDate {
    fn from_raw(raw: Raw<'_>) -> Result<Self, String> {
        let t = String::from_raw(raw)?;
        parse_day(&t).map_err(|e| format!("holds '{t}', not a date: {e}"))
    }
}

/// Reads a desk date kept as 'YYYY-MM-DD'.
pub(crate) fn parse_day(s: &str) -> rusqlite::Result<chrono::NaiveDate> {
    // The stored shape read by hand: chrono's format parser cost most of
    // a quota pane's read of 10,000 customers.
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
        && let Some(day) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
    {
        return Ok(day);
    }
    // Anything else is refused as chrono words it.
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_day_reads_as_chrono_would_and_anything_else_is_refused() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_day("2026-12-02").unwrap(), day(2026, 12, 2));
        assert_eq!(parse_day("0999-01-31").unwrap(), day(999, 1, 31));
        for bad in ["2026-02-30", "2026-13-01", "2026/12/02", "２026-12-02", ""] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_read_as_replacement_characters() {
        use crate::store::engine::Sql;
        let s = crate::store::Store::open_in_memory().unwrap();
        let sql = "SELECT CAST(x'41ff42' AS TEXT), x'c3a9', NULL";
        let (a, b, c) = s
            .db()
            .query_row(sql, crate::sql_args![], |r| {
                Ok((r.text(0)?, r.text_lossy(1)?, r.text_lossy(2)?))
            })
            .unwrap();
        assert_eq!(a, "A\u{fffd}B");
        assert_eq!(b.as_deref(), Some("é"));
        assert_eq!(c, None);
        let null = s
            .db()
            .query_row("SELECT NULL", crate::sql_args![], |r| r.text(0));
        assert!(null.is_err());
    }
}
