//! The scripting CLI: the same store as the dashboard, driven by commands.

mod args;
mod deliverables;
pub mod notices;
mod output;
pub mod records;
mod requirements;

use std::io::Write;
use std::path::PathBuf;

pub use args::{
    Cli, Command, CustomerCommand, DeliverableCommand, DemoArgs, ExportArgs, GlobalArgs,
    OwnerCommand, PackageCommand, QuotaCommand, RequirementCommand, SubscriptionCommand,
    TicketCommand,
};

use crate::desk::Desk;
use crate::domain::subscription::NewSubscription;
use crate::domain::{NewCustomer, NewEscalation, TriageOp};
use crate::store::{Actor, ListFilter};

/// Runs a scripting command. The dashboard commands are handled by main.
pub fn run(desk: &Desk, command: &Command, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        Command::Board => unreachable!("the dashboard is started by main"),
        Command::Demo(args) => {
            let path = prepare_demo(desk, args)?;
            writeln!(out, "demo store ready: {}", path.display())?;
            Ok(())
        }
        Command::Customer(c) => customer(desk, c, out),
        Command::Ticket(t) => ticket(desk, t, out),
        Command::Subscription(s) => subscription(desk, s, out),
        Command::Package(p) => package(desk, p, out),
        Command::Quota(q) => quota(desk, q, out),
        Command::Requirement(r) => requirements::run(desk, r, out),
        Command::Export(e) => deliverables::export(desk, e, out),
        Command::Deliverable(d) => deliverables::deliverable(desk, d, out),
        Command::Owner(o) => deliverables::owner(desk, o, out),
        Command::Incident(c) => records::incident(desk, c, out),
        Command::Change(c) => records::change(desk, c, out),
        Command::Inventory(c) => records::inventory_cmd(desk, c, out),
        Command::Contact(c) => records::contact(desk, c, out),
        Command::Notice(c) => notices::notice(desk, c, out),
        Command::Templates(c) => notices::templates_cmd(desk, c, out),
    }
}

/// Writes a fresh demo store as the command line asks, and says where.
pub fn prepare_demo(desk: &Desk, args: &DemoArgs) -> anyhow::Result<PathBuf> {
    desk.prepare_demo(args.customers as usize, args.tickets, args.seed)
}

fn customer(desk: &Desk, c: &CustomerCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match c {
        CustomerCommand::Add { name, kind, owner } => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let added = store.add_customer(
                &NewCustomer {
                    name: name.clone(),
                    kind: *kind,
                    owner: owner.clone(),
                },
                Actor {
                    engineer,
                    now: desk.now(),
                },
            )?;
            writeln!(
                out,
                "added customer #{} {} ({})",
                added.id,
                crate::text::inert(&added.name),
                added.kind
            )?;
        }
        CustomerCommand::Show { name, json } => {
            let detail = desk.open_store()?.customer_detail(name, desk.now())?;
            if *json {
                output::json_line(out, &detail)?;
            } else {
                output::customer_detail(out, &detail, desk.today(), desk.tz())?;
            }
        }
        CustomerCommand::List { json } => {
            let customers = desk.open_store()?.customers()?;
            if *json {
                output::json_line(out, &customers)?;
            } else {
                output::customer_table(out, &customers)?;
            }
        }
    }
    Ok(())
}

fn subscription(desk: &Desk, s: &SubscriptionCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let SubscriptionCommand::Add {
        customer,
        applied_on,
        start,
        months,
        webhook,
    } = s;
    let engineer = desk.engineer()?;
    let mut store = desk.open_store()?;
    let new = NewSubscription {
        applied_on: applied_on.unwrap_or_else(|| desk.today()),
        start_on: *start,
        months: *months,
    };
    let actor = Actor {
        engineer,
        now: desk.now(),
    };
    let (sub, group) = store.add_subscription(customer, &new, webhook.as_deref(), actor)?;
    writeln!(
        out,
        "subscription #{} for {}: {} to {} ({} month(s)); chat group #{} on {} from {}",
        sub.id,
        crate::text::inert(customer),
        sub.start_on,
        sub.end_on,
        sub.months,
        group.id,
        group.platform.label(),
        group.created_on
    )?;
    Ok(())
}

fn package(desk: &Desk, p: &PackageCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let PackageCommand::Add {
        customer,
        kind,
        bought_on,
    } = p;
    let engineer = desk.engineer()?;
    let mut store = desk.open_store()?;
    let actor = Actor {
        engineer,
        now: desk.now(),
    };
    let bought_on = bought_on.unwrap_or_else(|| desk.today());
    let pkg = store.add_package(customer, *kind, bought_on, actor)?;
    writeln!(
        out,
        "package #{} for {}: {} (+{} {}), until used up or {}",
        pkg.id,
        crate::text::inert(customer),
        kind.label(),
        pkg.units,
        kind.quota().short(),
        pkg.term_end
    )?;
    Ok(())
}

fn quota(desk: &Desk, q: &QuotaCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let QuotaCommand::Show { customer, json } = q;
    let store = desk.open_store()?;
    let mut rows = store.quota_board(desk.now())?;
    if let Some(name) = customer {
        let c = store.customer_by_name(name)?;
        rows.retain(|r| r.customer.id == c.id);
        if rows.is_empty() {
            anyhow::bail!(
                "{} has no active subscription today",
                crate::text::inert(&c.name)
            );
        }
    }
    if *json {
        output::json_line(out, &rows)?;
    } else {
        output::quota_table(out, &rows)?;
    }
    Ok(())
}

fn ticket(desk: &Desk, t: &TicketCommand, out: &mut dyn Write) -> anyhow::Result<()> {
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
                output::json_line(out, &output::TicketJson::new(&e, now))?;
            } else {
                writeln!(
                    out,
                    "added escalation #{} ({} {}, respond by {})",
                    e.id,
                    e.severity,
                    e.kind,
                    crate::domain::desk_time::utc_seconds(e.deadline)
                )?;
            }
        }
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
                output::ticket_json_array(out, &store, &filter, now)?;
            } else {
                output::ticket_table(out, &store, &filter, now)?;
            }
        }
        TicketCommand::Show { id, json } => {
            let store = desk.open_store()?;
            let e = store.escalation(*id)?;
            let history = store.escalation_history(*id)?;
            if *json {
                output::json_line(out, &output::TicketDetailJson::new(&e, &history, now))?;
            } else {
                output::ticket_detail(out, &e, &history, now)?;
            }
        }
        _ => {
            let (id, op) = triage_op(desk, t)?;
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let done = store.triage(id, &op, Actor { engineer, now })?;
            writeln!(
                out,
                "escalation #{id}: {}",
                crate::text::inert(&done.summary)
            )?;
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
            (*id, TriageOp::Assign(who))
        }
        TicketCommand::Resolve { id, note } => (*id, TriageOp::Resolve { note: note.clone() }),
        TicketCommand::Close { id } => (*id, TriageOp::Close),
        TicketCommand::Withdraw { id } => (*id, TriageOp::Withdraw),
        TicketCommand::OutOfScope { id, reason } => (*id, TriageOp::OutOfScope(*reason)),
        TicketCommand::Escalate { id } => (*id, TriageOp::EscalateToExperts),
        TicketCommand::Add(_) | TicketCommand::List { .. } | TicketCommand::Show { .. } => {
            unreachable!("handled by ticket()")
        }
    })
}
