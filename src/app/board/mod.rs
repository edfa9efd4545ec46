//! The escalation board: its rows, selection, filter and update
//! countdowns, the quota pane beside it, and triage.

pub mod clocks;
pub mod columns;
pub(crate) mod load;
pub(crate) mod marks;
#[cfg(test)]
mod marks_tests;
pub(crate) mod mouse;
#[cfg(test)]
mod new_above_tests;
#[cfg(test)]
mod pause_tests;
pub(crate) mod quota_load;
#[cfg(test)]
mod quota_tests;
pub(crate) mod quotas;
pub(crate) mod snooze;
pub(crate) mod sort;
pub mod state;
#[cfg(test)]
mod tests;
pub(crate) mod triage;
pub(crate) mod unsent;
pub(crate) mod update;
pub(crate) mod views;
