//! `sredesk ticket ...`: recording escalations, listing and showing them,
//! and each triage step.

use std::io::Write;
use std::path::PathBuf;

use anyhow::anyhow;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

use super::print::{cell, json_line};
use super::ticket_report;
use super::ticket_show::{TicketJson, clock_text, paused_text};
use crate::desk::Desk;
use crate::domain::desk_time;
use crate::domain::note::NewNote;
use crate::domain::triage::label;
use crate::domain::when::parse_instant;
use crate::domain::{
    EscalationKind, EscalationState, NewEscalation, OutOfScopeReason, Severity, TriageOp,
};
use crate::store::{Actor, ListFilter, Store};
use crate::text::{inert, write_json};

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// Record a new escalation
    Add(TicketAddArgs),
    /// Print the urgent-fault report template, to pin in each chat group
    Template,
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
    /// Search every escalation, closed ones too, by ticket number, title,
    /// description and notes, newest first
    Search(super::ticket_search::TicketSearchArgs),
    /// Show one escalation with its history
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Acknowledge (first response; stops the SLA clock)
    Ack {
        id: i64,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Start work on an acknowledged escalation
    Start {
        id: i64,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Re-grade severity; the response deadline is recomputed
    Severity {
        id: i64,
        severity: Severity,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Assign to an engineer (default: you), with a hand-off note for them
    Assign {
        id: i64,
        #[arg(value_name = "ENGINEER")]
        assignee: Option<String>,
        /// What the new assignee should know; shown to them in the detail
        #[arg(long)]
        note: Option<String>,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Resolve an escalation in progress
    Resolve {
        id: i64,
        /// How it was resolved: the Resolution column of the Ticket List
        #[arg(long, alias = "note")]
        resolution: Option<String>,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Close a resolved escalation
    Close {
        id: i64,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Withdraw an open escalation
    Withdraw {
        id: i64,
        /// Why it is withdrawn
        #[arg(long)]
        reason: Option<String>,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Write a note on an escalation (open or ended)
    Note {
        id: i64,
        /// The note; several lines are kept
        #[arg(long)]
        text: String,
        /// Show it on the customer's Ticket List
        #[arg(long)]
        for_customer: bool,
        #[arg(long)]
        json: bool,
    },
    /// Send the customer an update about an escalation, to its chat group
    /// (and by email with --channels chat,email)
    Update(super::ticket_update::UpdateArgs),
    /// Hand to R&D experts (uses a Direct Expert Support unit)
    Escalate {
        id: i64,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Close an open escalation as outside the service's scope
    OutOfScope {
        id: i64,
        #[arg(long)]
        reason: OutOfScopeReason,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Pause while waiting on the customer: the time it waits does not
    /// count against the SLA
    Pause {
        id: i64,
        /// What the customer is to send or do
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Resume a paused escalation: its response deadline moves by the
    /// time it waited
    Resume {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Hold an unanswered escalation's alarms back for a while ("30m",
    /// "2h"), or end a snooze with --off
    Snooze {
        id: i64,
        #[arg(long = "for", value_name = "SPAN", required_unless_present = "off")]
        span: Option<String>,
        #[arg(long, conflicts_with = "span")]
        off: bool,
        /// Print the escalation as it is now, as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct TicketAddArgs {
    #[arg(long, required_unless_present = "report")]
    pub customer: Option<String>,
    #[arg(long, required_unless_present = "report")]
    pub severity: Option<Severity>,
    #[arg(long, required_unless_present = "report")]
    pub kind: Option<EscalationKind>,
    /// The customer's own service ticket number
    #[arg(long, required_unless_present = "report")]
    pub ticket_no: Option<String>,
    #[arg(long, required_unless_present = "report")]
    pub title: Option<String>,
    #[arg(long, default_value = "", conflicts_with = "report")]
    pub description: String,
    /// When the customer reported it (RFC 3339; default: now)
    #[arg(long, value_parser = parse_instant)]
    pub reported_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A filled urgent-fault report (`-`: stdin), recorded as an expert
    /// escalation with the severity its impact proposes; the flags above,
    /// when given, override what it proposes
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(desk: &Desk, t: &TicketCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    match t {
        TicketCommand::Add(a) => {
            let engineer = desk.engineer()?;
            let proposed = match &a.report {
                Some(source) => Some(ticket_report::proposed(desk, source, now)?),
                None => None,
            };
            let new = a.escalation(proposed, now)?;
            let mut store = desk.open_store()?;
            let e = store.add_escalation(&new, Actor { engineer, now })?;
            if a.json {
                json_line(out, &TicketJson::new(&e, now, &store.rules().sla))?;
            } else {
                writeln!(
                    out,
                    "added escalation #{} ({} {}, respond by {})",
                    e.id,
                    e.severity,
                    e.kind,
                    desk_time::zoned(e.deadline, desk.tz())
                )?;
            }
        }
        TicketCommand::Template => ticket_report::print_template(out)?,
        TicketCommand::Update(a) => super::ticket_update::run(desk, a, out)?,
        TicketCommand::Import(a) => super::ticket_import::run(desk, a, out)?,
        TicketCommand::Search(a) => super::ticket_search::run(desk, a, out)?,
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
                let flag_after = store.rules().pause_flag_after;
                ticket_table(out, &store, &filter, now, desk.tz(), flag_after)?;
            }
        }
        TicketCommand::Show { id, json } => {
            let store = desk.open_store()?;
            let file = store.escalation_file(*id)?;
            if *json {
                let json =
                    super::ticket_show::TicketDetailJson::new(&file, now, &store.rules().sla);
                json_line(out, &json)?;
            } else {
                super::ticket_show::ticket_detail(out, &file, now, store.rules())?;
            }
        }
        TicketCommand::Note {
            id,
            text,
            for_customer,
            json,
        } => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let new = NewNote {
                text: text.clone(),
                for_customer: *for_customer,
            };
            let note = store.add_note(*id, &new, Actor { engineer, now })?;
            if *json {
                json_line(out, &note)?;
            } else {
                let e = store.escalation(*id)?;
                writeln!(
                    out,
                    "{}: note added{}",
                    inert(&label(&e.ticket_no, e.id)),
                    if note.for_customer {
                        " (shown on the customer's Ticket List)"
                    } else {
                        ""
                    }
                )?;
            }
        }
        _ => {
            let Some((id, op)) = triage_op(desk, t)? else {
                return Ok(());
            };
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let done = store.triage(id, &op, Actor { engineer, now })?;
            if t.json() {
                json_line(out, &TicketJson::new(&done.after, now, &store.rules().sla))?;
                return Ok(());
            }
            writeln!(
                out,
                "{}: {}",
                inert(&label(&done.after.ticket_no, id)),
                inert(&done.summary)
            )?;
        }
    }
    Ok(())
}

impl TicketCommand {
    /// Whether a triage step answers with the escalation as JSON.
    fn json(&self) -> bool {
        match self {
            TicketCommand::Ack { json, .. }
            | TicketCommand::Start { json, .. }
            | TicketCommand::Severity { json, .. }
            | TicketCommand::Assign { json, .. }
            | TicketCommand::Resolve { json, .. }
            | TicketCommand::Close { json, .. }
            | TicketCommand::Withdraw { json, .. }
            | TicketCommand::Escalate { json, .. }
            | TicketCommand::OutOfScope { json, .. }
            | TicketCommand::Pause { json, .. }
            | TicketCommand::Resume { json, .. }
            | TicketCommand::Snooze { json, .. } => *json,
            _ => false,
        }
    }
}

impl TicketAddArgs {
    /// The escalation to record: each flag given, else what the report
    /// proposes (clap requires every flag when there is no report).
    fn escalation(
        &self,
        proposed: Option<NewEscalation>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<NewEscalation> {
        fn pick<T: Clone>(flag: &Option<T>, proposed: Option<&T>, name: &str) -> anyhow::Result<T> {
            flag.clone()
                .or_else(|| proposed.cloned())
                .ok_or_else(|| anyhow!("{name} is required without --report"))
        }
        let p = proposed.as_ref();
        Ok(NewEscalation {
            customer: pick(&self.customer, p.map(|p| &p.customer), "--customer")?,
            ticket_no: pick(&self.ticket_no, p.map(|p| &p.ticket_no), "--ticket-no")?,
            title: pick(&self.title, p.map(|p| &p.title), "--title")?,
            description: p.map_or_else(|| self.description.clone(), |p| p.description.clone()),
            kind: pick(&self.kind, p.map(|p| &p.kind), "--kind")?,
            severity: pick(&self.severity, p.map(|p| &p.severity), "--severity")?,
            reported_at: self.reported_at.or(p.map(|p| p.reported_at)).unwrap_or(now),
        })
    }
}

/// The triage step a command asks for; none for those that are not one.
fn triage_op(desk: &Desk, t: &TicketCommand) -> anyhow::Result<Option<(i64, TriageOp)>> {
    Ok(Some(match t {
        TicketCommand::Ack { id, .. } => (*id, TriageOp::Acknowledge),
        TicketCommand::Start { id, .. } => (*id, TriageOp::Start),
        TicketCommand::Severity { id, severity, .. } => (*id, TriageOp::SetSeverity(*severity)),
        TicketCommand::Assign {
            id, assignee, note, ..
        } => {
            let who = match assignee {
                Some(e) => e.clone(),
                None => desk.engineer()?.to_string(),
            };
            (
                *id,
                TriageOp::Assign {
                    to: who,
                    note: note.clone(),
                },
            )
        }
        TicketCommand::Resolve { id, resolution, .. } => (
            *id,
            TriageOp::Resolve {
                resolution: resolution.clone(),
            },
        ),
        TicketCommand::Close { id, .. } => (*id, TriageOp::Close),
        TicketCommand::Withdraw { id, reason, .. } => (
            *id,
            TriageOp::Withdraw {
                reason: reason.clone(),
            },
        ),
        TicketCommand::OutOfScope { id, reason, .. } => (*id, TriageOp::OutOfScope(*reason)),
        TicketCommand::Escalate { id, .. } => (*id, TriageOp::EscalateToExperts),
        TicketCommand::Pause { id, reason, .. } => (
            *id,
            TriageOp::Pause {
                reason: reason.clone(),
            },
        ),
        TicketCommand::Resume { id, .. } => (*id, TriageOp::Resume),
        TicketCommand::Snooze { id, span, .. } => {
            let until = match span {
                Some(s) => Some(
                    desk.now()
                        + crate::domain::pause::parse_span(s).map_err(|e| anyhow!("--for: {e}"))?,
                ),
                None => None,
            };
            (*id, TriageOp::Snooze { until })
        }
        TicketCommand::Add(_)
        | TicketCommand::Template
        | TicketCommand::Update(_)
        | TicketCommand::Import(_)
        | TicketCommand::List { .. }
        | TicketCommand::Search(_)
        | TicketCommand::Show { .. }
        | TicketCommand::Note { .. } => return Ok(None),
    }))
}

/// Streamed row by row, as `ticket_table` is, so listing a million
/// escalations needs no more memory than one.
/// The whole array is built before a byte goes out: a read that fails
/// half way leaves stdout empty and the exit code says so, never a
/// shorter array a script takes for the whole list.
fn ticket_json_array(
    out: &mut dyn Write,
    store: &Store,
    filter: &ListFilter,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut buf: Vec<u8> = b"[".to_vec();
    let mut first = true;
    store.for_each_escalation(filter, |e| {
        if !first {
            buf.push(b',');
        }
        first = false;
        buf.push(b'\n');
        write_json(&mut buf, &TicketJson::new(&e, now, &store.rules().sla))
    })?;
    buf.extend_from_slice(if first { b"]\n" } else { b"\n]\n" });
    out.write_all(&buf)?;
    Ok(())
}

fn ticket_table(
    out: &mut dyn Write,
    store: &Store,
    filter: &ListFilter,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
    flag_after: chrono::Duration,
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
            "{:>7}  {}   {}  {}  {}  {}  {}{}",
            e.id,
            e.severity,
            cell(&clock_text(&e, now, flag_after), 9),
            cell(e.state.as_str(), 12),
            cell(&e.customer, 20),
            cell(&e.ticket_no, 16),
            inert(&e.title),
            paused_text(&e, now, tz, flag_after)
        )
    })?;
    Ok(())
}
