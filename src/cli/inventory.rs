//! `sredesk inventory ...`: which cloud services a customer holds in which
//! regions, the facts that decide whom a notice reaches.

use std::io::Write;

use anyhow::{Context as _, anyhow};
use clap::Subcommand;

use super::print::json_line;
use crate::desk::Desk;
use crate::domain::inventory::{self, Holding};
use crate::store::Actor;
use crate::text::inert;

#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// Add holdings: SERVICE@REGION, e.g. ECS@cn-north-4 "NAT Gateway@ap-southeast-1"
    Add {
        customer: String,
        #[arg(required = true, value_name = "SERVICE@REGION")]
        holdings: Vec<String>,
        /// Print the counts and the customer's inventory as JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove holdings
    Remove {
        customer: String,
        #[arg(required = true, value_name = "SERVICE@REGION")]
        holdings: Vec<String>,
        /// Print the counts and the customer's inventory as JSON
        #[arg(long)]
        json: bool,
    },
    /// A customer's inventory
    Show {
        customer: String,
        #[arg(long)]
        json: bool,
    },
}

/// "ECS@cn-north-4" words as holdings, checked.
pub(super) fn holdings(values: &[String]) -> anyhow::Result<Vec<Holding>> {
    values
        .iter()
        .map(|v| {
            let (s, r) = v
                .rsplit_once('@')
                .with_context(|| format!("'{v}' is not SERVICE@REGION, e.g. ECS@cn-north-4"))?;
            Ok(Holding {
                service: inventory::service(s).map_err(|e| anyhow!(e))?,
                region: inventory::region(r).map_err(|e| anyhow!(e))?,
            })
        })
        .collect()
}

/// `{"customer", "added": 2, "unchanged": 1, "holdings": [...]}`: what
/// the change did and the inventory after it.
fn changed_json(
    out: &mut dyn Write,
    store: &crate::store::Store,
    customer: &str,
    verb: &str,
    changed: usize,
    unchanged: usize,
) -> anyhow::Result<()> {
    let (name, h) = store.inventory(customer)?;
    json_line(
        out,
        &serde_json::json!({ "customer": name, verb: changed, "unchanged": unchanged, "holdings": h }),
    )?;
    Ok(())
}

pub fn run(desk: &Desk, c: &InventoryCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    match c {
        InventoryCommand::Add {
            customer,
            holdings: h,
            json,
        } => {
            let h = holdings(h)?;
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let n = store.add_holdings(customer, &h, Actor { engineer, now })?;
            if *json {
                return changed_json(out, &store, customer, "added", n, h.len() - n);
            }
            writeln!(out, "{n} added ({} already there)", h.len() - n)?;
        }
        InventoryCommand::Remove {
            customer,
            holdings: h,
            json,
        } => {
            let h = holdings(h)?;
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let n = store.remove_holdings(customer, &h, Actor { engineer, now })?;
            if *json {
                return changed_json(out, &store, customer, "removed", n, h.len() - n);
            }
            writeln!(out, "{n} removed ({} were not there)", h.len() - n)?;
        }
        InventoryCommand::Show { customer, json } => {
            let (name, h) = desk.open_store()?.inventory(customer)?;
            if *json {
                json_line(out, &serde_json::json!({ "customer": name, "holdings": h }))?;
            } else if h.is_empty() {
                writeln!(out, "{}: no services on record", inert(&name))?;
            } else {
                writeln!(out, "{}:", inert(&name))?;
                for x in &h {
                    writeln!(out, "  {:<6} {}", x.service, x.region)?;
                }
            }
        }
    }
    Ok(())
}
