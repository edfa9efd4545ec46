//! `sredesk demo`: a store of generated data, opened on the dashboard by
//! main or, with `--no-open`, only written.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::desk::Desk;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many escalations to generate (a million takes seconds)
    #[arg(long, default_value_t = crate::demo::DEFAULT_TICKETS)]
    pub tickets: usize,
    /// How many customers (10,000 and more for measuring a big desk)
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub customers: u32,
    /// Seed for the generator: the same seed gives the same data
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Only write the store; do not open the dashboard
    #[arg(long)]
    pub no_open: bool,
}

/// Writes a fresh demo store as the command line asks, and says where.
pub fn prepare_demo(desk: &Desk, args: &DemoArgs) -> anyhow::Result<PathBuf> {
    desk.prepare_demo(args.customers as usize, args.tickets, args.seed)
}

pub fn run(desk: &Desk, args: &DemoArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let path = prepare_demo(desk, args)?;
    writeln!(out, "demo store ready: {}", path.display())?;
    Ok(())
}
