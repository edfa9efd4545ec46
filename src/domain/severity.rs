//! Severity grades and the Service Response SLA targets of the seed.

use std::fmt;
use std::str::FromStr;

use chrono::Duration;
use serde::{Deserialize, Serialize};

/// S1 is the most severe. The numeric value is what the store keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Severity {
    S1,
    S2,
    S3,
    S4,
    S5,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::S1,
        Severity::S2,
        Severity::S3,
        Severity::S4,
        Severity::S5,
    ];

    /// Response target from the seed's table (24x7).
    pub fn response_target(self) -> Duration {
        match self {
            Severity::S1 => Duration::minutes(15),
            Severity::S2 => Duration::minutes(30),
            Severity::S3 => Duration::hours(3),
            Severity::S4 => Duration::hours(8),
            Severity::S5 => Duration::hours(16),
        }
    }

    /// What the grade means, in the seed's words.
    pub fn meaning(self) -> &'static str {
        match self {
            Severity::S1 => "core production system unavailable",
            Severity::S2 => "production system unavailable",
            Severity::S3 => "production system faulty",
            Severity::S4 => "non-production system faulty",
            Severity::S5 => "general guidance / consultation",
        }
    }

    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_number(n: i64) -> Option<Severity> {
        match n {
            1 => Some(Severity::S1),
            2 => Some(Severity::S2),
            3 => Some(Severity::S3),
            4 => Some(Severity::S4),
            5 => Some(Severity::S5),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S{}", self.number())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity '{0}': expected S1, S2, S3, S4 or S5")]
pub struct ParseSeverityError(pub String);

impl FromStr for Severity {
    type Err = ParseSeverityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let digits = t.strip_prefix(['S', 's']).unwrap_or(t);
        digits
            .parse::<i64>()
            .ok()
            .and_then(Severity::from_number)
            .ok_or_else(|| ParseSeverityError(s.to_string()))
    }
}

impl TryFrom<String> for Severity {
    type Error = ParseSeverityError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Severity> for String {
    fn from(s: Severity) -> String {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_match_the_seed() {
        let minutes: Vec<i64> = Severity::ALL
            .iter()
            .map(|s| s.response_target().num_minutes())
            .collect();
        assert_eq!(minutes, vec![15, 30, 180, 480, 960]);
    }

    #[test]
    fn parses_with_or_without_prefix() {
        assert_eq!("S1".parse::<Severity>().unwrap(), Severity::S1);
        assert_eq!("s5".parse::<Severity>().unwrap(), Severity::S5);
        assert_eq!("3".parse::<Severity>().unwrap(), Severity::S3);
        for bad in ["S0", "S6", "", "high", "S-1"] {
            let err = bad.parse::<Severity>().unwrap_err();
            assert!(err.to_string().contains("expected S1"), "{bad}: {err}");
        }
    }

    #[test]
    fn numbers_round_trip() {
        for s in Severity::ALL {
            assert_eq!(Severity::from_number(s.number() as i64), Some(s));
        }
        assert_eq!(Severity::from_number(0), None);
        assert_eq!(Severity::from_number(6), None);
    }
}
