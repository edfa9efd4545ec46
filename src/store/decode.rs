//! Text read from the store as it is. A value another tool wrote may not
//! be UTF-8 (a title of raw bytes): it is read with each bad byte as
//! U+FFFD, inert, so the one row still shows and the rest of a listing or
//! the board still loads. A read that stopped there would show half a
//! list, or a header of zeros, as if all were well.

use rusqlite::Row;
use rusqlite::types::{FromSqlError, ValueRef};

use super::engine::{Cell, Raw};

/// A text column (NOT NULL) at `idx`.
pub(crate) fn text_at(r: &Row<'_>, idx: usize) -> rusqlite::Result<String> {
    match opt_text_at(r, idx)? {
        Some(s) => Ok(s),
        None => Err(rusqlite::Error::InvalidColumnType(
            idx,
            column_name(r, idx),
            rusqlite::types::Type::Null,
        )),
    }
}

/// A text column that may be NULL, at `idx`.
pub(crate) fn opt_text_at(r: &Row<'_>, idx: usize) -> rusqlite::Result<Option<String>> {
    match r.get_ref(idx)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(b) | ValueRef::Blob(b) => Ok(Some(String::from_utf8_lossy(b).into_owned())),
        ValueRef::Integer(_) | ValueRef::Real(_) => Err(rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            Box::new(FromSqlError::InvalidType),
        )),
    }
}

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

fn column_name(r: &Row<'_>, idx: usize) -> String {
    r.as_ref()
        .column_name(idx)
        .map_or_else(|_| idx.to_string(), str::to_string)
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
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let (a, b, c): (String, Option<String>, Option<String>) = conn
            .query_row("SELECT CAST(x'41ff42' AS TEXT), x'c3a9', NULL", [], |r| {
                Ok((text_at(r, 0)?, opt_text_at(r, 1)?, opt_text_at(r, 2)?))
            })
            .unwrap();
        assert_eq!(a, "A\u{fffd}B");
        assert_eq!(b.as_deref(), Some("é"));
        assert_eq!(c, None);
        let null = conn.query_row("SELECT NULL", [], |r| text_at(r, 0));
        assert!(null.is_err());
    }
}
