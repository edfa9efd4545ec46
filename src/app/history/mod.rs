//! The history screen (`F`, `:history`): every escalation, closed ones
//! included, newest first, searched by words; Enter opens one's detail.

pub mod state;
#[cfg(test)]
mod tests;
pub(crate) mod update;
