//! One customer in full.

pub mod state;
#[cfg(test)]
mod tests;
pub(crate) mod update;
