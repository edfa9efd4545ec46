//! sredesk's integration tests, in one binary: a module per area, so the
//! crate and its dependencies (reqwest, lettre, ratatui, ...) are linked
//! once rather than once per file. Run one area with its module path,
//! e.g. `cargo test --test it screens::` or `cargo test --test it cli::`.
//!
//! The harness shared by the areas (the scratch `Desk`, the SMTP and HTTP
//! receivers, golden files) is in tests/common/.

// A test or a benchmark that cannot set up fails: unwrapping says where.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod deliverables;
mod delivery;
mod layout;
mod notice_languages;
mod notices;
mod outbox;
mod quota;
mod requirements;
mod screens;
mod store;
mod templates;
mod tui;
