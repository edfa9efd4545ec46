//! `sredesk quota show`: this month's quotas, and how a quota reads in
//! text wherever the CLI prints one.

use std::io::{self, Write};

use clap::Subcommand;

use super::print::{cell, json_line};
use crate::desk::Desk;
use crate::domain::quota::QuotaStatus;
use crate::store::CustomerQuota;
use crate::text::inert;

#[derive(Debug, Subcommand)]
pub enum QuotaCommand {
    /// Quotas of every subscribed customer (or one), least left first
    Show {
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(desk: &Desk, q: &QuotaCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let QuotaCommand::Show { customer, json } = q;
    let mut store = desk.open_store()?;
    // The kept rows: one read for all, one for a customer.
    let rows = match customer {
        None => store.quota_board(desk.now())?,
        Some(name) => {
            let c = store.customer_by_name(name)?;
            match store.quota_of(c.id, desk.now())? {
                Some(row) => vec![row],
                None => anyhow::bail!("{} has no active subscription today", inert(&c.name)),
            }
        }
    };
    if *json {
        json_line(out, &rows)?;
    } else {
        quota_table(out, &rows)?;
    }
    Ok(())
}

/// "7/10", or "12/20 (+10 pkg, 8 left)" once packages add to the month:
/// used of what the month allows.
pub fn quota_text(q: &QuotaStatus) -> String {
    if q.package_total == 0 {
        format!("{}/{}", q.used(), q.total())
    } else {
        format!(
            "{}/{} (+{} pkg, {} left)",
            q.used(),
            q.total(),
            q.package_total,
            q.left()
        )
    }
}

fn quota_table(out: &mut dyn Write, rows: &[CustomerQuota]) -> io::Result<()> {
    writeln!(
        out,
        "{}  {}  {}  {}  CHAT",
        cell("CUSTOMER", 24),
        cell("FASTER", 24),
        cell("EXPERT", 24),
        cell("MONTHS LEFT", 11)
    )?;
    for r in rows {
        writeln!(
            out,
            "{}  {}  {}  {}  {}",
            cell(&r.customer.name, 24),
            cell(&quota_text(&r.faster), 24),
            cell(&quota_text(&r.expert), 24),
            cell(&r.months_left.to_string(), 11),
            r.platform.label()
        )?;
    }
    Ok(())
}
