//! `sredesk package add`: add-on units bought on top of a subscription.

use std::io::Write;

use clap::Subcommand;

use super::print::json_line;
use super::when::parse_day;
use crate::desk::Desk;
use crate::domain::quota::PackageKind;
use crate::store::Actor;
use crate::text::inert;

#[derive(Debug, Subcommand)]
pub enum PackageCommand {
    /// Record a bought add-on package
    Add {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        kind: PackageKind,
        /// Default: today
        #[arg(long, value_parser = parse_day)]
        bought_on: Option<chrono::NaiveDate>,
        /// Print what was recorded as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
}

pub fn run(desk: &Desk, p: &PackageCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let PackageCommand::Add {
        customer,
        kind,
        bought_on,
        json,
    } = p;
    let engineer = desk.engineer()?;
    let mut store = desk.open_store()?;
    let actor = Actor {
        engineer,
        now: desk.now(),
    };
    let bought_on = bought_on.unwrap_or_else(|| desk.today());
    let pkg = store.add_package(customer, *kind, bought_on, actor)?;
    if *json {
        json_line(out, &pkg)?;
        return Ok(());
    }
    writeln!(
        out,
        "package #{} for {}: {} (+{} {}), until used up or {}",
        pkg.id,
        inert(customer),
        kind.label(),
        pkg.units,
        kind.quota().short(),
        pkg.term_end
    )?;
    Ok(())
}
