//! One escalation in full, with its history; triage acts on it.

pub mod state;
#[cfg(test)]
mod tests;
pub(crate) mod update;
