//! What the trends screen holds, and the board header's fortnight.

use crate::domain::Severity;
use crate::domain::trends::{Span, Trends};

pub use crate::domain::trends::DEFAULT_TARGET;

/// How many customers' quota use the screen reads (the most run out).
pub const CUSTOMERS_SHOWN: usize = 20;

/// Attainment, breaches, opened against answered with the medians, and
/// quota use: `j`/`k` moves the first one shown on a short terminal.
pub const SECTIONS: u16 = 4;

/// From this width the board header has room for the fortnight's
/// sparkline; narrower, it is neither shown nor read (and the header
/// reads as before at every common width).
pub const FORTNIGHT_WIDTH: u16 = 180;

#[derive(Clone, Debug, PartialEq)]
pub struct TrendsState {
    pub span: Span,
    /// The severity the attainment and breach charts follow; none: all.
    pub severity: Option<Severity>,
    pub loaded: Option<Trends>,
    pub error: Option<String>,
    /// The first section shown: a short terminal scrolls by section.
    pub scroll: u16,
}

impl Default for TrendsState {
    fn default() -> Self {
        TrendsState {
            span: Span::Days,
            severity: None,
            loaded: None,
            error: None,
            scroll: 0,
        }
    }
}

impl TrendsState {
    /// All, then S1 to S5, round again.
    pub fn next_severity(&self) -> Option<Severity> {
        match self.severity {
            None => Some(Severity::S1),
            Some(Severity::S5) => None,
            Some(s) => Severity::ALL.get(usize::from(s.number())).copied(),
        }
    }

    /// "all severities" or "S2".
    pub fn severity_label(&self) -> String {
        self.severity
            .map_or_else(|| "all severities".to_string(), |s| s.to_string())
    }
}

/// Shared with the board: the configured target, and the last 14 days'
/// attainment for the header (none until read, or if the read failed).
#[derive(Clone, Debug, PartialEq)]
pub struct TrendShared {
    pub target: f64,
    pub fortnight: Option<Vec<Option<f64>>>,
}

impl Default for TrendShared {
    fn default() -> Self {
        TrendShared {
            target: DEFAULT_TARGET,
            fortnight: None,
        }
    }
}
