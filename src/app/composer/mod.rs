//! The notice composer: its state, what its text means (`check`), the
//! draft that keeps it, who hears it (`audience`), and its keys, sending
//! and the store worker's replies.

pub mod audience;
pub mod check;
pub mod draft;
pub mod fields;
pub(crate) mod keys;
pub(crate) mod open;
pub mod outgoing;
pub(crate) mod replies;
pub(crate) mod send;
pub mod state;
#[cfg(test)]
mod tests;
