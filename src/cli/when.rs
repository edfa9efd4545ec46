//! Times and days as the command line takes them: the `TIME` value name the
//! incident, change and notice flags share, and the parsers behind them.

pub use crate::domain::when::parse_when;

/// Times: RFC 3339, "YYYY-MM-DD HH:MM" in the desk's time zone, or from
/// now as "+90m", "+2h", "+1d".
pub const WHEN: &str = "TIME";

pub fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::domain::calendar::parse_date(s)
}
