//! The desk's settings that its rules depend on: its calendar, the grace
//! period on withdrawals and how long requirements may wait.

use super::calendar::DeskCalendar;
use super::requirement::StaleAfter;

/// The desk's settings that rules depend on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskRules {
    pub calendar: DeskCalendar,
    /// A withdrawal this soon after a quota use gives the unit back.
    pub grace: chrono::Duration,
    /// How long a requirement may wait in each state before it is flagged.
    pub requirement_stale: StaleAfter,
}

impl Default for DeskRules {
    fn default() -> Self {
        DeskRules {
            calendar: DeskCalendar::default(),
            grace: chrono::Duration::minutes(10),
            requirement_stale: Default::default(),
        }
    }
}
