//! A row read from either engine, and the Rust values its cells read as.
//! Reading is as strict as rusqlite's: text is not an integer, and a
//! NULL is only an `Option`.

use rusqlite::types::ValueRef;

use super::pg_cell::PgCell;
use crate::store::{Result, StoreError};

/// One cell, borrowed from the engine's row.
#[derive(Clone, Copy, Debug)]
pub enum Raw<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl Raw<'_> {
    pub fn holds(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Int(_) => "integer",
            Raw::Real(_) => "real",
            Raw::Text(_) => "text",
            Raw::Blob(_) => "blob",
        }
    }
}

pub enum Row<'a> {
    Lite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

impl Row<'_> {
    pub fn get<T: Cell>(&self, idx: usize) -> Result<T> {
        let name = || match self {
            Row::Lite(r) => r
                .as_ref()
                .column_name(idx)
                .map_or_else(|_| idx.to_string(), str::to_string),
            Row::Pg(r) => r
                .columns()
                .get(idx)
                .map_or_else(|| idx.to_string(), |c| c.name().to_string()),
        };
        let fail = |why: String| StoreError::Corrupt(format!("column `{}` {why}", name()));
        match self {
            Row::Lite(r) => {
                let v = r.get_ref(idx)?;
                let raw = match v {
                    ValueRef::Null => Raw::Null,
                    ValueRef::Integer(n) => Raw::Int(n),
                    ValueRef::Real(x) => Raw::Real(x),
                    ValueRef::Text(t) => Raw::Text(
                        std::str::from_utf8(t).map_err(|e| fail(format!("is not UTF-8: {e}")))?,
                    ),
                    ValueRef::Blob(b) => Raw::Blob(b),
                };
                T::from_raw(raw).map_err(fail)
            }
            Row::Pg(r) => {
                let cell: PgCell = r
                    .try_get(idx)
                    .map_err(|e| fail(format!("cannot be read: {e}")))?;
                let raw = match &cell {
                    PgCell::Null => Raw::Null,
                    PgCell::Int(n) => Raw::Int(*n),
                    PgCell::Real(x) => Raw::Real(*x),
                    PgCell::Text(t) => Raw::Text(t),
                    PgCell::Blob(b) => Raw::Blob(b),
                };
                T::from_raw(raw).map_err(fail)
            }
        }
    }
}

impl Row<'_> {
    /// A word column read into one of the domain's closed vocabularies.
    pub fn word<T>(&self, idx: usize) -> Result<T>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        let s: String = self.get(idx)?;
        s.parse::<T>()
            .map_err(|e| StoreError::Corrupt(format!("column {idx}: {e}")))
    }

    /// A text column (NOT NULL), read as `text_lossy` reads it.
    pub fn text(&self, idx: usize) -> Result<String> {
        self.text_lossy(idx)?
            .ok_or_else(|| StoreError::Corrupt(format!("column {idx} is NULL, not text")))
    }

    /// A text column that may be NULL, read as it is: bytes another tool
    /// wrote that are not UTF-8 read as U+FFFD (see `store::decode`), so
    /// one bad row does not fail a listing. PostgreSQL's text is UTF-8.
    pub fn text_lossy(&self, idx: usize) -> Result<Option<String>> {
        match self {
            Row::Lite(r) => match r.get_ref(idx)? {
                ValueRef::Null => Ok(None),
                ValueRef::Text(b) | ValueRef::Blob(b) => {
                    Ok(Some(String::from_utf8_lossy(b).into_owned()))
                }
                ValueRef::Integer(_) | ValueRef::Real(_) => Err(StoreError::Corrupt(format!(
                    "column {idx} holds a number, not text"
                ))),
            },
            Row::Pg(_) => self.get(idx),
        }
    }
}

/// A Rust value one cell reads as.
pub trait Cell: Sized {
    fn from_raw(raw: Raw<'_>) -> std::result::Result<Self, String>;
}

fn mismatch<T>(raw: Raw<'_>, wanted: &str) -> std::result::Result<T, String> {
    Err(format!("holds {}, not {wanted}", raw.holds()))
}

impl Cell for i64 {
    fn from_raw(raw: Raw<'_>) -> std::result::Result<Self, String> {
        match raw {
            Raw::Int(n) => Ok(n),
            _ => mismatch(raw, "an integer"),
        }
    }
}

macro_rules! narrow_integers {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            fn from_raw(raw: Raw<'_>) -> std::result::Result<Self, String> {
                let n = i64::from_raw(raw)?;
                <$t>::try_from(n).map_err(|_| format!("holds {n}, out of range for {}", stringify!($t)))
            }
        }
    )*};
}
narrow_integers!(i32, u32, u16, u8, usize, u64);

impl Cell for bool {
    fn from_raw(raw: Raw<'_>) -> std::result::Result<Self, String> {
        Ok(i64::from_raw(raw)? != 0)
    }
}

impl Cell for f64 {
    fn from_raw(raw: Raw<'_>) -> std::result::Result<Self, String> {
        match raw {
            Raw::Real(x) => Ok(x),
            // SQLite keeps a whole REAL as an integer on disk.
            #[allow(clippy::cast_precision_loss)]
            Raw::Int(n) => Ok(n as f64),
            _ => mismatch(raw, "a number"),
        }
    }
}

impl Cell for String {
    fn from_raw(raw: Raw<'_>) -> std::result::Result<Self, String> {
        match raw {
            Raw::Text(t) => Ok(t.to_string()),
            _ => mismatch(raw, "text"),
        }
    }
}

impl Cell for Vec<u8> {
    fn from_raw(raw: Raw<'_>) -> std::result::Result<Self, String> {
        match raw {
            Raw::Blob(b) => Ok(b.to_vec()),
            _ => mismatch(raw, "a blob"),
        }
    }
}

impl<T: Cell> Cell for Option<T> {
    fn from_raw(raw: Raw<'_>) -> std::result::Result<Self, String> {
        match raw {
            Raw::Null => Ok(None),
            _ => T::from_raw(raw).map(Some),
        }
    }
}
