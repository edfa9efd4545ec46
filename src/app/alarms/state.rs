//! What the dashboard holds of its alarms between checks.

use std::collections::BTreeMap;

use crate::domain::alarm::Mark;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlarmState {
    /// Rows that rang and have not been looked at yet.
    pub lit: BTreeMap<i64, Mark>,
    /// Unanswered within their mark, from the last check.
    pub due: usize,
    /// No check is needed before this (the clock reaches no mark sooner;
    /// a store change checks at once); none: check every tick.
    pub check_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why the last check failed, said once until one succeeds.
    pub failed: Option<String>,
    /// What rang last, for the status bar beside the engineer's own
    /// outcome (which it never replaces), until the next key.
    pub line: Option<String>,
}
