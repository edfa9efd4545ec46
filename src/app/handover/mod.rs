//! The handover screen (`H`): the same handover `sredesk handover`
//! prints, for the shift just worked, read again as the store changes.

pub mod state;
#[cfg(test)]
mod tests;
pub(crate) mod update;
