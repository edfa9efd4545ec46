//! Times and days as the command line takes them: the `TIME` value name the
//! incident, change and notice flags share, and the parsers behind them.

pub use crate::domain::when::parse_when;

/// Times: RFC 3339, "YYYY-MM-DD HH:MM" in the desk's time zone, or from
/// now as "+90m", "+2h", "+1d".
pub const WHEN: &str = "TIME";

pub fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::domain::calendar::parse_date(s)
}

/// A change's id as typed: `4`, or `CHG-4` as lists print it.
pub fn parse_change_id(s: &str) -> Result<i64, String> {
    parse_reference(s, "CHG-")
}

/// An incident's id as typed: `12`, or `INC-12` as lists print it.
pub fn parse_incident_id(s: &str) -> Result<i64, String> {
    parse_reference(s, "INC-")
}

fn parse_reference(s: &str, prefix: &str) -> Result<i64, String> {
    let t = s.trim();
    let digits = match t.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) => &t[prefix.len()..],
        _ => t,
    };
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("'{s}' is not an id: write 4 or {prefix}4"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_as_lists_print_them() {
        assert_eq!(parse_change_id("CHG-4"), Ok(4));
        assert_eq!(parse_change_id("chg-4"), Ok(4));
        assert_eq!(parse_change_id(" 4 "), Ok(4));
        assert_eq!(parse_incident_id("INC-12"), Ok(12));
        assert!(parse_change_id("INC-4").is_err());
        assert!(parse_change_id("CHG-").is_err());
        assert!(parse_change_id("0").is_err());
        assert!(parse_incident_id("CHG-").unwrap_err().contains("INC-4"));
    }
}
