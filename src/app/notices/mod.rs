//! Incidents, changes and the notices sent about them; one notice's
//! delivery ledger.

pub mod state;
#[cfg(test)]
mod tests;
pub(crate) mod update;
