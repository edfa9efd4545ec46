//! The requirement pipeline: lanes, cards, one requirement in full, and
//! its steps.

pub(crate) mod requirement;
pub mod state;
pub(crate) mod steps;
#[cfg(test)]
mod tests;
pub(crate) mod update;
