//! `sredesk demo`: a store of generated data, opened on the dashboard by
//! main or, with `--no-open`, only written.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use crate::demo::Step;
use crate::desk::Desk;
use crate::text::grouped;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many escalations to generate (a million takes seconds; a
    /// terminal is shown how far it has got)
    #[arg(long, default_value_t = crate::demo::DEFAULT_TICKETS)]
    pub tickets: usize,
    /// How many customers (10,000 and more for measuring a big desk)
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub customers: u32,
    /// How many of the escalations are open (default: 6 in 10, at most
    /// 1,500; more to measure a desk with a large open set)
    #[arg(long)]
    pub open: Option<usize>,
    /// Seed for the generator: the same seed gives the same data
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Only write the store; do not open the dashboard
    #[arg(long)]
    pub no_open: bool,
    /// Queue none of the demo's notices: the outbox starts empty (for
    /// measuring a big desk at rest; at 10,000 customers the demo's
    /// notices are some 59,000 deliveries)
    #[arg(long)]
    pub no_notices: bool,
}

/// Writes a fresh demo store as the command line asks, and says where.
/// On a terminal, stderr shows how far it has got (a million tickets take
/// a while); piped or redirected, it says nothing.
pub fn prepare_demo(desk: &Desk, args: &DemoArgs) -> anyhow::Result<PathBuf> {
    let mut err = std::io::stderr();
    let mut shown = false;
    let tty = err.is_terminal();
    let mut progress = |step: Step| {
        if !tty {
            return;
        }
        let line = match step {
            Step::Escalations { written, of } => format!(
                "demo: {} of {} escalations written ({}%)",
                grouped(written),
                grouped(of),
                written * 100 / of.max(1)
            ),
            Step::TheRest => "demo: quotas, owners, requirements, notices, indexes…".into(),
        };
        // One line rewritten in place; a terminal that cannot be written
        // to is no reason to stop the demo.
        if let Err(e) = write!(err, "\r\x1b[2K{line}").and_then(|()| err.flush()) {
            tracing::debug!("demo progress not shown: {e}");
        }
        shown = true;
    };
    let size = crate::demo::Size {
        customers: args.customers as usize,
        tickets: args.tickets,
        open: args.open,
        notices: !args.no_notices,
    };
    let done = desk.prepare_demo(size, args.seed, &mut progress);
    if shown && let Err(e) = write!(err, "\r\x1b[2K") {
        tracing::debug!("demo progress not cleared: {e}");
    }
    done
}

pub fn run(desk: &Desk, args: &DemoArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let path = prepare_demo(desk, args)?;
    let shown = match path.to_str().filter(|p| crate::store::pg::is_url(p)) {
        Some(url) => crate::store::pg::mask(url),
        None => path.display().to_string(),
    };
    writeln!(out, "demo store ready: {shown}")?;
    Ok(())
}
