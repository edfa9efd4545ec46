//! `sredesk ticket ...`: recording escalations, listing and showing them,
//! and each triage step.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::print::{cell, json_line};
use crate::desk::Desk;
use crate::domain::desk_time;
use crate::domain::when::parse_instant;
use crate::domain::{
    Escalation, EscalationKind, EscalationState, NewEscalation, OutOfScopeReason, Severity,
    TriageOp, sla,
};
use crate::store::{Actor, AuditEntry, ListFilter, Store};
use crate::text::{inert, inert_lines, write_json};

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// Record a new escalation
    Add(TicketAddArgs),
    /// Record many escalations from a CSV or JSON Lines file, all or none
    Import(super::ticket_import::TicketImportArgs),
    /// List escalations (open ones in board order with --open)
    List {
        /// Only open escalations, in board order
        #[arg(long)]
        open: bool,
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        state: Option<EscalationState>,
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Show one escalation with its history
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Acknowledge (first response; stops the SLA clock)
    Ack { id: i64 },
    /// Start work on an acknowledged escalation
    Start { id: i64 },
    /// Re-grade severity; the response deadline is recomputed
    Severity { id: i64, severity: Severity },
    /// Assign to an engineer (default: you)
    Assign {
        id: i64,
        #[arg(value_name = "ENGINEER")]
        assignee: Option<String>,
    },
    /// Resolve an escalation in progress
    Resolve {
        id: i64,
        /// What fixed it
        #[arg(long)]
        note: Option<String>,
    },
    /// Close a resolved escalation
    Close { id: i64 },
    /// Withdraw an open escalation
    Withdraw { id: i64 },
    /// Hand to R&D experts (uses a Direct Expert Support unit)
    Escalate { id: i64 },
    /// Close an open escalation as outside the service's scope
    OutOfScope {
        id: i64,
        #[arg(long)]
        reason: OutOfScopeReason,
    },
}

#[derive(Debug, Args)]
pub struct TicketAddArgs {
    #[arg(long)]
    pub customer: String,
    #[arg(long)]
    pub severity: Severity,
    #[arg(long)]
    pub kind: EscalationKind,
    /// The customer's own service ticket number
    #[arg(long)]
    pub ticket_no: String,
    #[arg(long)]
    pub title: String,
    #[arg(long, default_value = "")]
    pub description: String,
    /// When the customer reported it (RFC 3339; default: now)
    #[arg(long, value_parser = parse_instant)]
    pub reported_at: Option<chrono::DateTime<chrono::Utc>>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(desk: &Desk, t: &TicketCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    match t {
        TicketCommand::Add(a) => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let new = NewEscalation {
                customer: a.customer.clone(),
                ticket_no: a.ticket_no.clone(),
                title: a.title.clone(),
                description: a.description.clone(),
                kind: a.kind,
                severity: a.severity,
                reported_at: a.reported_at.unwrap_or(now),
            };
            let e = store.add_escalation(&new, Actor { engineer, now })?;
            if a.json {
                json_line(out, &TicketJson::new(&e, now))?;
            } else {
                writeln!(
                    out,
                    "added escalation #{} ({} {}, respond by {})",
                    e.id,
                    e.severity,
                    e.kind,
                    desk_time::utc_seconds(e.deadline)
                )?;
            }
        }
        TicketCommand::Import(a) => super::ticket_import::run(desk, a, out)?,
        TicketCommand::List {
            open,
            customer,
            state,
            limit,
            json,
        } => {
            let store = desk.open_store()?;
            // Checked before the first byte is written, so a script never
            // gets half a JSON array from a typo.
            if let Some(name) = customer {
                store.customer_by_name(name)?;
            }
            let filter = ListFilter {
                open_only: *open,
                customer: customer.clone(),
                state: *state,
                limit: *limit,
            };
            if *json {
                ticket_json_array(out, &store, &filter, now)?;
            } else {
                ticket_table(out, &store, &filter, now)?;
            }
        }
        TicketCommand::Show { id, json } => {
            let store = desk.open_store()?;
            let e = store.escalation(*id)?;
            let history = store.escalation_history(*id)?;
            if *json {
                json_line(out, &TicketDetailJson::new(&e, &history, now))?;
            } else {
                ticket_detail(out, &e, &history, now)?;
            }
        }
        _ => {
            let (id, op) = triage_op(desk, t)?;
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let done = store.triage(id, &op, Actor { engineer, now })?;
            writeln!(out, "escalation #{id}: {}", inert(&done.summary))?;
        }
    }
    Ok(())
}

fn triage_op(desk: &Desk, t: &TicketCommand) -> anyhow::Result<(i64, TriageOp)> {
    Ok(match t {
        TicketCommand::Ack { id } => (*id, TriageOp::Acknowledge),
        TicketCommand::Start { id } => (*id, TriageOp::Start),
        TicketCommand::Severity { id, severity } => (*id, TriageOp::SetSeverity(*severity)),
        TicketCommand::Assign { id, assignee } => {
            let who = match assignee {
                Some(e) => e.clone(),
                None => desk.engineer()?.to_string(),
            };
            (
                *id,
                TriageOp::Assign {
                    to: who,
                    note: None,
                },
            )
        }
        TicketCommand::Resolve { id, note } => (
            *id,
            TriageOp::Resolve {
                resolution: note.clone(),
            },
        ),
        TicketCommand::Close { id } => (*id, TriageOp::Close),
        TicketCommand::Withdraw { id } => (*id, TriageOp::Withdraw { reason: None }),
        TicketCommand::OutOfScope { id, reason } => (*id, TriageOp::OutOfScope(*reason)),
        TicketCommand::Escalate { id } => (*id, TriageOp::EscalateToExperts),
        TicketCommand::Add(_)
        | TicketCommand::Import(_)
        | TicketCommand::List { .. }
        | TicketCommand::Show { .. } => {
            unreachable!("handled by run()")
        }
    })
}

#[derive(Serialize)]
struct TicketJson<'a> {
    #[serde(flatten)]
    escalation: &'a Escalation,
    /// Seconds to the response deadline while unanswered (negative once
    /// breached); null once answered or closed.
    seconds_left: Option<i64>,
    /// Unanswered past the deadline, or answered late.
    breached: bool,
}

impl<'a> TicketJson<'a> {
    fn new(e: &'a Escalation, now: DateTime<Utc>) -> Self {
        let seconds_left = e.countdown(now).map(|c| c.left.num_seconds());
        TicketJson {
            escalation: e,
            seconds_left,
            breached: seconds_left.is_some_and(|s| s < 0) || e.response_met == Some(false),
        }
    }
}

#[derive(Serialize)]
struct TicketDetailJson<'a> {
    #[serde(flatten)]
    ticket: TicketJson<'a>,
    history: &'a [AuditEntry],
}

impl<'a> TicketDetailJson<'a> {
    fn new(e: &'a Escalation, history: &'a [AuditEntry], now: DateTime<Utc>) -> Self {
        TicketDetailJson {
            ticket: TicketJson::new(e, now),
            history,
        }
    }
}

/// Streamed row by row, as `ticket_table` is, so listing a million
/// escalations needs no more memory than one.
fn ticket_json_array(
    out: &mut dyn Write,
    store: &Store,
    filter: &ListFilter,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    out.write_all(b"[")?;
    let mut first = true;
    store.for_each_escalation(filter, |e| {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(b"\n")?;
        write_json(out, &TicketJson::new(&e, now))
    })?;
    out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    Ok(())
}

/// What the board's first column says, in words a script log can keep.
fn clock_text(e: &Escalation, now: DateTime<Utc>) -> String {
    match (e.countdown(now), e.response_time(), e.response_met) {
        (Some(c), _, _) => format!("{} {}", c.urgency.symbol(), sla::format_left(c.left)),
        (None, Some(t), Some(met)) => format!(
            "{} {}",
            if met { "✓" } else { "✗" },
            sla::format_span(t.num_seconds().max(0) as u64)
        ),
        _ => "-".to_string(),
    }
}

fn ticket_table(
    out: &mut dyn Write,
    store: &Store,
    filter: &ListFilter,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:>7}  SEV  {}  {}  {}  {}  TITLE",
        "ID",
        cell("CLOCK", 9),
        cell("STATE", 12),
        cell("CUSTOMER", 20),
        cell("TICKET", 16)
    )?;
    store.for_each_escalation(filter, |e| {
        writeln!(
            out,
            "{:>7}  {}   {}  {}  {}  {}  {}",
            e.id,
            e.severity,
            cell(&clock_text(&e, now), 9),
            cell(e.state.as_str(), 12),
            cell(&e.customer, 20),
            cell(&e.ticket_no, 16),
            inert(&e.title)
        )
    })?;
    Ok(())
}

fn ticket_detail(
    out: &mut dyn Write,
    e: &Escalation,
    history: &[AuditEntry],
    now: DateTime<Utc>,
) -> io::Result<()> {
    writeln!(out, "#{} {}", e.id, inert(&e.title))?;
    writeln!(out, "  customer     {}", inert(&e.customer))?;
    writeln!(out, "  ticket       {}", inert(&e.ticket_no))?;
    writeln!(out, "  kind         {}", e.kind.label())?;
    writeln!(
        out,
        "  severity     {} ({})",
        e.severity,
        e.severity.meaning()
    )?;
    writeln!(out, "  state        {}", e.state)?;
    if let Some(r) = e.out_of_scope_reason {
        writeln!(out, "  reason       {}", r.label())?;
    }
    writeln!(
        out,
        "  assignee     {}",
        inert(e.assignee.as_deref().unwrap_or("-"))
    )?;
    writeln!(
        out,
        "  reported     {}",
        desk_time::utc_seconds(e.reported_at)
    )?;
    writeln!(out, "  respond by   {}", desk_time::utc_seconds(e.deadline))?;
    writeln!(out, "  clock        {}", clock_text(e, now))?;
    if let Some(r) = e.responded_at {
        writeln!(out, "  responded    {}", desk_time::utc_seconds(r))?;
    }
    if let Some(note) = &e.resolution {
        writeln!(out, "  resolution   {}", inert(note))?;
    }
    if !e.description.is_empty() {
        writeln!(out, "\n  description")?;
        for line in inert_lines(&e.description) {
            writeln!(out, "    {line}")?;
        }
    }
    writeln!(out, "\n  history")?;
    for h in history {
        writeln!(
            out,
            "    {}  {:<10} {}",
            desk_time::utc_seconds_unmarked(h.at),
            inert(&h.engineer),
            inert(&h.detail)
        )?;
    }
    Ok(())
}
