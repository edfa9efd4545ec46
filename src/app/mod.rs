//! The dashboard as a pure state machine: `update(model, msg)` changes the
//! model and returns effects for the runtime to carry out. No I/O here, so
//! every behaviour is testable without a terminal, a clock or a store.
//!
//! One folder per screen holds its state (`state.rs`), its keys and the
//! store's answers for it, and their tests; `update.rs` only routes,
//! `keymap.rs` is the one table of keys, `dialog.rs` what floats above.

pub mod alarms;
pub mod board;
pub mod command;
pub mod composer;
pub mod customer;
pub mod detail;
pub mod dialog;
pub mod field;
pub mod frame;
pub mod handover;
pub mod history;
pub mod intake;
pub mod keymap;
pub mod keys;
pub mod model;
pub mod msg;
pub mod notices;
mod paste;
pub mod pipeline;
pub mod status_line;
#[cfg(test)]
pub(crate) mod test_harness;
pub mod trends;
mod update;

pub use dialog::Overlay;
pub use model::{Model, Screen};
pub use msg::{Effect, Msg, QueueRefused, QueuedNotice};
pub use update::{initial_effects, update};
