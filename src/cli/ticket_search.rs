//! `sredesk ticket search TEXT`: every escalation, closed ones included,
//! whose ticket number, title, description or notes hold every word,
//! newest first; the history screen's search for scripts.

use std::io::Write;

use anyhow::anyhow;
use chrono::{DateTime, Utc};
use clap::Args;
use serde::Serialize;

use super::print::cell;
use crate::desk::Desk;
use crate::domain::desk_time;
use crate::domain::search::SearchText;
use crate::domain::{EscalationState, Severity};
use crate::store::{HistoryFrom, HistoryQuery, HistoryRow};
use crate::text::{inert, write_json};

#[derive(Debug, Args)]
pub struct TicketSearchArgs {
    /// Words to find, each as written (any case, 3 characters or more);
    /// quotes, `*`, `AND`, `-` and `:` are text, not syntax. Empty: every
    /// escalation
    pub text: Vec<String>,
    /// How many, newest first
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// JSON, times in UTC
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Found<'a> {
    id: i64,
    ticket_no: &'a str,
    customer: &'a str,
    severity: Severity,
    state: EscalationState,
    reported_at: DateTime<Utc>,
    title: &'a str,
}

pub fn run(desk: &Desk, a: &TicketSearchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let text = SearchText::parse(&a.text.join(" ")).map_err(|e| anyhow!("search: {e}"))?;
    let store = desk.open_existing_store()?;
    let page = store.history(&HistoryQuery {
        text,
        from: HistoryFrom::Newest,
        limit: a.limit,
    })?;
    if a.json {
        // Built whole before a byte goes out, as `ticket list --json`.
        let mut buf = b"[".to_vec();
        for (i, r) in page.rows.iter().enumerate() {
            buf.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            write_json(&mut buf, &found(r))?;
        }
        buf.extend_from_slice(if page.rows.is_empty() {
            b"]\n"
        } else {
            b"\n]\n"
        });
        out.write_all(&buf)?;
        return Ok(());
    }
    let now = desk.now();
    writeln!(
        out,
        "{:>7}  {}  SEV  {}  {}  {}  TITLE",
        "ID",
        cell("TICKET", 16),
        cell("STATE", 12),
        cell("CUSTOMER", 20),
        cell(
            &format!("REPORTED ({})", desk_time::zone(now, desk.tz())),
            16
        ),
    )?;
    for r in &page.rows {
        writeln!(
            out,
            "{:>7}  {}  {}   {}  {}  {}  {}",
            r.id,
            cell(&r.ticket_no, 16),
            r.severity,
            cell(r.state.as_str(), 12),
            cell(&r.customer, 20),
            cell(&desk_time::minute(r.reported_at, desk.tz()), 16),
            inert(&r.title),
        )?;
    }
    if page.more_older {
        writeln!(
            out,
            "(the newest {}; --limit N for more)",
            crate::text::plural(page.rows.len(), "match", "matches")
        )?;
    }
    Ok(())
}

fn found(r: &HistoryRow) -> Found<'_> {
    Found {
        id: r.id,
        ticket_no: &r.ticket_no,
        customer: &r.customer,
        severity: r.severity,
        state: r.state,
        reported_at: r.reported_at,
        title: &r.title,
    }
}
