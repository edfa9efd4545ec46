//! sredesk: a terminal dashboard for the on-duty engineers of a cloud
//! support desk. The binary is a thin shell over this library so tests and
//! benchmarks reach every part.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod desk;
pub mod domain;
pub mod export;
pub mod logging;
pub mod notify;
pub mod runtime;
pub mod store;
pub mod text;
pub mod ui;
