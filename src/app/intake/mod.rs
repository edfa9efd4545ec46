//! The new-escalation form opened from the board with `+`.

mod report;
pub mod state;
#[cfg(test)]
mod tests;
pub mod update;
