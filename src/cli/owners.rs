//! `sredesk owner ...`: the desk's project owner for a customer, and
//! changes of owner announced ahead of the day they take effect.

use std::io::Write;

use clap::Subcommand;

use super::print::{cell, json_line, unreachable_lines};
use super::when::parse_day;
use crate::desk::Desk;
use crate::domain::desk_time;
use crate::domain::owner::{current, earliest_change, pending};
use crate::store::Actor;
use crate::text::{inert, inert_lines};

#[derive(Debug, Subcommand)]
pub enum OwnerCommand {
    /// Name the desk's project owner; a change is announced today and takes
    /// effect at least three working days later
    Set {
        #[arg(long)]
        customer: String,
        /// The new project owner
        #[arg(long)]
        name: String,
        /// When it takes effect (default: today for the first owner, the
        /// earliest allowed day for a change)
        #[arg(long, value_parser = parse_day)]
        effective: Option<chrono::NaiveDate>,
        /// The announcement sent to the customer (default: a standard text)
        #[arg(long)]
        announcement: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Call off the change announced for a later day (kept on record)
    Cancel {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        json: bool,
    },
    /// The project owner, announced changes and the history
    Show {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(desk: &Desk, o: &OwnerCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let today = desk.today();
    match o {
        OwnerCommand::Set {
            customer,
            name,
            effective,
            announcement,
            json,
        } => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let terms = store.project_owners(customer)?;
            let effective = effective.unwrap_or_else(|| match current(&terms, today) {
                Some(_) => earliest_change(&store.rules().calendar, today),
                None => today,
            });
            let templates = desk.templates()?;
            let render =
                |c: &crate::notify::NoticeContext| templates.render(c).map_err(|e| e.to_string());
            // A change is announced to the customer through the outbox in
            // the same transaction that records it.
            let (term, unreachable) = crate::notify::announce::owner_change(
                &mut store,
                customer,
                name,
                effective,
                announcement.as_deref(),
                Actor { engineer, now },
                &render,
            )
            .map_err(|e| anyhow::anyhow!(e))?;
            if *json {
                json_line(out, &term)?;
            } else {
                writeln!(
                    out,
                    "{} is the project owner for {} from {}",
                    inert(&term.owner),
                    inert(&term.customer),
                    term.effective_on
                )?;
                if let Some(text) = &term.announcement {
                    writeln!(out, "announced on {}:", term.announced_on)?;
                    for line in inert_lines(text) {
                        writeln!(out, "  {line}")?;
                    }
                }
                if let Some(unreachable) = &unreachable {
                    writeln!(
                        out,
                        "the announcement is queued for the customer (email and chat); the open \
                         dashboard sends it, or `sredesk notice send-pending`"
                    )?;
                    unreachable_lines(out, unreachable)?;
                }
            }
        }
        OwnerCommand::Cancel { customer, json } => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let term = store.cancel_owner_change(customer, Actor { engineer, now })?;
            if *json {
                json_line(out, &term)?;
            } else {
                writeln!(
                    out,
                    "cancelled the change to {} announced for {}",
                    inert(&term.owner),
                    term.effective_on
                )?;
            }
        }
        OwnerCommand::Show { customer, json } => {
            let store = desk.open_store()?;
            let terms = store.project_owners(customer)?;
            if *json {
                json_line(out, &terms)?;
            } else {
                match current(&terms, today) {
                    Some(t) => writeln!(
                        out,
                        "project owner: {} (since {})",
                        inert(&t.owner),
                        t.effective_on
                    )?,
                    None => writeln!(out, "project owner: none recorded")?,
                }
                if let Some(t) = pending(&terms, today) {
                    writeln!(
                        out,
                        "announced change: {} from {} (announced on {})",
                        inert(&t.owner),
                        t.effective_on,
                        t.announced_on
                    )?;
                }
                writeln!(out)?;
                writeln!(out, "history")?;
                for t in &terms {
                    let cancelled = match (&t.cancelled_at, &t.cancelled_by) {
                        (Some(at), by) => format!(
                            "  cancelled on {} by {}",
                            desk_time::day(*at, store.rules().calendar.tz),
                            inert(by.as_deref().unwrap_or("?"))
                        ),
                        (None, _) => String::new(),
                    };
                    writeln!(
                        out,
                        "  from {}  {}  (recorded by {} on {}){cancelled}",
                        t.effective_on,
                        cell(&t.owner, 24),
                        inert(&t.recorded_by),
                        t.announced_on
                    )?;
                    if let Some(text) = &t.announcement {
                        for line in inert_lines(text) {
                            writeln!(out, "      {line}")?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}
