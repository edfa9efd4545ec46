//! The dashboard as a pure state machine: `update(model, msg)` changes the
//! model and returns effects for the runtime to carry out. No I/O here, so
//! every behaviour is testable without a terminal, a clock or a store.

pub mod composer;
pub mod keymap;
pub mod model;
pub mod msg;
pub mod notices;
mod update;

pub use model::{Model, Overlay, Screen};
pub use msg::{Effect, Msg, NoticeQueued, SendRefused};
pub use update::{initial_effects, update};
