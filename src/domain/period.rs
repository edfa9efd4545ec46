//! The span a deliverable covers: a desk month, or days from one date to
//! another.

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::{Month, parse_date};

/// Desk days from `from` to `to`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn month(m: Month) -> Period {
        Period {
            from: m.first_day(),
            to: m.last_day(),
        }
    }

    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, String> {
        if to < from {
            return Err(format!("the period ends ({to}) before it starts ({from})"));
        }
        Ok(Period { from, to })
    }

    /// "2026-11" for a month, or "2026-11-01..2026-11-15" for any span.
    pub fn parse(s: &str) -> Result<Period, String> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            return Period::range(parse_date(a)?, parse_date(b)?);
        }
        parse_date(&format!("{s}-01"))
            .map(|d| Period::month(Month::of(d)))
            .map_err(|_| format!("'{s}' is not a period like 2026-11 or 2026-11-01..2026-11-15"))
    }

    /// The whole month, when the period is one.
    pub fn as_month(&self) -> Option<Month> {
        let m = Month::of(self.from);
        (*self == Period::month(m)).then_some(m)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.as_month() {
            Some(m) => write!(f, "{m}"),
            None => write!(f, "{}..{}", self.from, self.to),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_as_months_or_spans() {
        let p = Period::parse("2026-11").unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2026-11-01".into(), "2026-11-30".into())
        );
        assert_eq!(p.to_string(), "2026-11");
        let q = Period::parse("2026-11-03..2026-11-09").unwrap();
        assert_eq!(q.to_string(), "2026-11-03..2026-11-09");
        assert_eq!(
            Period::parse("2026-02-01..2026-02-28").unwrap().to_string(),
            "2026-02"
        );
        assert!(
            Period::parse("2026-13")
                .unwrap_err()
                .contains("not a period")
        );
        assert!(
            Period::parse("2026-11-09..2026-11-03")
                .unwrap_err()
                .contains("before it starts")
        );
        assert!(Period::parse("November").is_err());
    }
}
