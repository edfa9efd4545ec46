//! `sredesk export` and `sredesk deliverable ...`: writing the lists a
//! customer is owed, and recording that the customer accepted them.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::out_file;
use super::print::json_line;
use super::when::parse_day;
use crate::desk::Desk;
use crate::domain::deliverable::{
    Acceptance, Deliverable, DeliverableKind, DeliverableStatus, Period,
};
use crate::domain::desk_time;
use crate::export::{self, CsvText, Format};
use crate::store::Actor;
use crate::text::inert;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("when").required(true).args(["period", "from"])))]
pub struct ExportArgs {
    /// Which list
    pub kind: DeliverableKind,
    #[arg(long)]
    pub customer: String,
    /// A month (2026-11) or a span (2026-11-01..2026-11-15)
    #[arg(long, value_parser = parse_period)]
    pub period: Option<Period>,
    /// First day of the period (with --to)
    #[arg(long, value_parser = parse_day, requires = "to")]
    pub from: Option<chrono::NaiveDate>,
    /// Last day of the period (with --from)
    #[arg(long, value_parser = parse_day, requires = "from")]
    pub to: Option<chrono::NaiveDate>,
    #[arg(long)]
    pub format: Format,
    /// Write to this file instead of standard output (`-`): a new file,
    /// or a regular one replaced whole (never a symlink, FIFO or device)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// CSV: every character as stored, without the guard that keeps a cell
    /// from being read as a spreadsheet formula
    #[arg(long)]
    pub raw: bool,
    /// The Ticket List as Markdown: also write the period's charts (SLA
    /// attainment and median first response per severity) as SVG files
    /// beside --out, linked from the list
    #[arg(long, requires = "out")]
    pub charts: bool,
}

#[derive(Debug, Subcommand)]
pub enum DeliverableCommand {
    /// Record that the customer accepted a list for a period
    Accept {
        #[arg(long)]
        customer: String,
        #[arg(long, value_parser = parse_period)]
        period: Period,
        #[arg(long)]
        kind: DeliverableKind,
        /// The customer's person who accepted it
        #[arg(long)]
        by: String,
        #[arg(long)]
        json: bool,
    },
    /// Recent months' lists and their acceptance, and every acceptance
    Status {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        json: bool,
    },
}

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s)
}

pub fn export(desk: &Desk, a: &ExportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let period = match (a.period, a.from, a.to) {
        (Some(p), None, None) => p,
        (None, Some(from), Some(to)) => Period::range(from, to).map_err(anyhow::Error::msg)?,
        _ => anyhow::bail!("give either --period or both --from and --to"),
    };
    if a.charts && (a.kind != DeliverableKind::Tickets || a.format != Format::Markdown) {
        anyhow::bail!(
            "--charts: only with the Ticket List as Markdown (tickets --format md); \
             CSV and JSON stay data only"
        );
    }
    let store = desk.open_store()?;
    let now = desk.now();
    let list = match a.kind {
        DeliverableKind::Tickets => {
            Deliverable::Tickets(store.ticket_list(&a.customer, period, now)?)
        }
        DeliverableKind::Requirements => {
            Deliverable::Requirements(store.requirement_list(&a.customer, period)?)
        }
    };
    let tz = store.rules().calendar.tz;
    match a.out.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => {
            out_file::check_target(path, store.path())?;
            let text = CsvText {
                raw: a.raw,
                for_terminal: false,
            };
            let charts = if a.charts {
                let month = store.customer_sla(&a.customer, period, now)?;
                write_charts(path, store.path(), &month, &customer_name(&list), desk, out)?
            } else {
                Vec::new()
            };
            out_file::write_whole(path, |w| {
                export::write(w, &list, a.format, tz, text)?;
                export::charts::markdown_links(w, &charts)
            })?;
            writeln!(
                out,
                "wrote the {} of {} for {period} ({}) to {}",
                a.kind.title(),
                inert(&customer_name(&list)),
                rows(list.items()),
                path.display()
            )?;
        }
        None => {
            let text = CsvText {
                raw: a.raw,
                for_terminal: std::io::stdout().is_terminal(),
            };
            export::write(out, &list, a.format, tz, text)?;
        }
    }
    Ok(())
}

/// The charts beside `path` ("list.md": "list-attainment.svg", ...),
/// each written whole; their titles and file names, for the links.
fn write_charts(
    path: &Path,
    store: &Path,
    month: &crate::domain::trends::PeriodTrend,
    customer: &str,
    desk: &Desk,
    out: &mut dyn Write,
) -> anyhow::Result<Vec<(String, String)>> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ticket-list".into());
    let mut links = Vec::new();
    let charts = export::charts::month_charts(month, customer, desk.config.trends.target)
        .map_err(anyhow::Error::msg)?;
    for chart in charts {
        let name = format!("{stem}-{}.svg", chart.suffix);
        let file = path.with_file_name(&name);
        out_file::check_target(&file, store)?;
        out_file::write_whole(&file, |w| w.write_all(chart.svg.as_bytes()))?;
        writeln!(out, "wrote the chart {}", file.display())?;
        links.push((chart.title, name));
    }
    Ok(links)
}

fn customer_name(list: &Deliverable) -> String {
    match list {
        Deliverable::Tickets(l) => l.customer.clone(),
        Deliverable::Requirements(l) => l.customer.clone(),
    }
}

pub fn run(desk: &Desk, d: &DeliverableCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match d {
        DeliverableCommand::Accept {
            customer,
            period,
            kind,
            by,
            json,
        } => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let a = store.accept_deliverable(
                customer,
                *period,
                *kind,
                by,
                Actor {
                    engineer,
                    now: desk.now(),
                },
            )?;
            if *json {
                json_line(out, &a)?;
            } else {
                writeln!(
                    out,
                    "recorded: {} accepted the {} of {} for {} ({})",
                    inert(&a.accepted_by),
                    a.kind.title(),
                    inert(&a.customer),
                    a.period,
                    rows(a.items)
                )?;
            }
        }
        DeliverableCommand::Status { customer, json } => {
            let store = desk.open_store()?;
            let recent = store.deliverable_statuses(
                customer,
                crate::store::RECENT_DELIVERABLE_MONTHS,
                desk.now(),
            )?;
            let accepted = store.acceptances(customer)?;
            if *json {
                #[derive(Serialize)]
                struct StatusJson<'a> {
                    recent: &'a [DeliverableStatus],
                    acceptances: &'a [Acceptance],
                }
                json_line(
                    out,
                    &StatusJson {
                        recent: &recent,
                        acceptances: &accepted,
                    },
                )?;
            } else {
                let tz = store.rules().calendar.tz;
                deliverable_statuses(out, &recent, tz)?;
                writeln!(out)?;
                writeln!(out, "acceptances recorded: {}", accepted.len())?;
                for a in &accepted {
                    writeln!(
                        out,
                        "  {:<22} {:<12} by {} on {} (recorded by {}, {})",
                        a.period.to_string(),
                        a.kind.as_str(),
                        inert(&a.accepted_by),
                        desk_time::zoned(a.accepted_at, tz),
                        inert(&a.recorded_by),
                        rows(a.items)
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn rows(n: u32) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

/// One line per list: "2026-10  tickets       12 rows  accepted by X on D".
pub fn deliverable_status_text(s: &DeliverableStatus, tz: Tz) -> String {
    let state = match &s.acceptance {
        Some(a) => format!(
            "accepted by {} on {}{}",
            inert(&a.accepted_by),
            desk_time::day(a.accepted_at, tz),
            if s.changed_since_acceptance {
                "; changed since"
            } else {
                ""
            }
        ),
        None => "not accepted".to_string(),
    };
    format!(
        "{:<8} {:<12} {:>5} {}  {state}",
        s.period.to_string(),
        s.kind.as_str(),
        s.items,
        if s.items == 1 { "row " } else { "rows" }
    )
}

fn deliverable_statuses(out: &mut dyn Write, rows: &[DeliverableStatus], tz: Tz) -> io::Result<()> {
    writeln!(out, "recent months")?;
    for s in rows {
        writeln!(out, "  {}", deliverable_status_text(s, tz))?;
    }
    Ok(())
}
