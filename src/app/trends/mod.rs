//! The trends screen (`T`): response SLA attainment, breaches, opened
//! against answered, median response times and quota use over the last
//! 30 days, 12 weeks or 12 months, read once on opening and again when
//! the store changes; the view draws what was read.

pub mod state;
#[cfg(test)]
mod tests;
pub(crate) mod update;
