//! How a customer says a fault hurts, in the template's words, and the
//! severity each proposes.

use std::fmt;
use std::str::FromStr;

use crate::domain::{Severity, UnknownWord};

/// How the customer says the fault hurts, in the template's words; each
/// proposes a severity, which the desk may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Impact {
    CoreProductionDown,
    ProductionDown,
    ProductionFaulty,
    NonProductionFaulty,
    Question,
}

impl Impact {
    pub const ALL: [Impact; 5] = [
        Impact::CoreProductionDown,
        Impact::ProductionDown,
        Impact::ProductionFaulty,
        Impact::NonProductionFaulty,
        Impact::Question,
    ];

    /// The words as the template lists them.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::CoreProductionDown => "core production down",
            Impact::ProductionDown => "production down",
            Impact::ProductionFaulty => "production faulty",
            Impact::NonProductionFaulty => "non-production faulty",
            Impact::Question => "question",
        }
    }

    /// The severity table of the Service Response SLA, read from the
    /// customer's side.
    pub fn proposed_severity(self) -> Severity {
        match self {
            Impact::CoreProductionDown => Severity::S1,
            Impact::ProductionDown => Severity::S2,
            Impact::ProductionFaulty => Severity::S3,
            Impact::NonProductionFaulty => Severity::S4,
            Impact::Question => Severity::S5,
        }
    }

    /// Whether the words speak of a production system (a question may be
    /// about either).
    pub(super) fn production(self) -> Option<bool> {
        match self {
            Impact::NonProductionFaulty => Some(false),
            Impact::Question => None,
            _ => Some(true),
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Impact {
    type Err = UnknownWord;

    /// Letters and digits only, without case: "Non-Production Faulty",
    /// "non production faulty" and "production down." all read as listed.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = squash(s);
        Impact::ALL
            .into_iter()
            .find(|i| squash(i.as_str()) == wanted)
            .ok_or_else(|| UnknownWord {
                what: "impact",
                got: s.to_string(),
                expected: Impact::ALL.iter().map(|i| i.as_str()).collect(),
            })
    }
}

pub(super) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
