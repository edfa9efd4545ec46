//! Text read from the store as it is. A value another tool wrote may not
//! be UTF-8 (a title of raw bytes): it is read with each bad byte as
//! U+FFFD, inert, so the one row still shows and the rest of a listing or
//! the board still loads. A read that stopped there would show half a
//! list, or a header of zeros, as if all were well.

use rusqlite::Row;
use rusqlite::types::{FromSqlError, ValueRef};

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

fn column_name(r: &Row<'_>, idx: usize) -> String {
    r.as_ref()
        .column_name(idx)
        .map_or_else(|_| idx.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

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
