//! The desk's settings that its rules depend on: its calendar, the grace
//! period on withdrawals, how long requirements may wait and how long a
//! pause may.

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
    /// How long a paused escalation may wait on the customer before it is
    /// flagged.
    pub pause_flag_after: chrono::Duration,
    /// Which clock each severity runs on, and its follow-up targets.
    pub sla: super::sla_policy::SlaPolicy,
}

impl Default for DeskRules {
    fn default() -> Self {
        DeskRules {
            calendar: DeskCalendar::default(),
            grace: chrono::Duration::minutes(10),
            requirement_stale: Default::default(),
            pause_flag_after: super::pause::DEFAULT_FLAG_AFTER,
            sla: Default::default(),
        }
    }
}
