//! The scripting CLI: the same store as the dashboard, driven by commands.

mod args;
mod deliverables;
pub mod notices;
mod output;
pub mod records;
mod requirements;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};

pub use args::{
    Cli, Command, CustomerCommand, DeliverableCommand, DemoArgs, ExportArgs, GlobalArgs,
    OwnerCommand, PackageCommand, QuotaCommand, RequirementCommand, SubscriptionCommand,
    TicketCommand, parse_time,
};

use crate::clock::{Clock, ManualClock, SystemClock};
use crate::config::{self, Config};
use crate::domain::subscription::NewSubscription;
use crate::domain::{NewCustomer, NewEscalation, TriageOp};
use crate::store::{Actor, ListFilter, Store};

/// What the program needs to act, resolved from flags, environment and
/// config before anything touches the store or the terminal.
pub struct Context {
    pub config: Config,
    pub clock: Arc<dyn Clock>,
    engineer: Option<String>,
    db: Option<PathBuf>,
}

impl Context {
    pub fn resolve(global: &GlobalArgs) -> anyhow::Result<Context> {
        let config = Config::load(global.config.as_deref())?;
        let clock: Arc<dyn Clock> = match std::env::var("SREDESK_NOW") {
            Ok(s) if !s.trim().is_empty() => Arc::new(ManualClock::new(
                parse_time(&s).map_err(|e| anyhow::anyhow!("SREDESK_NOW: {e}"))?,
            )),
            _ => Arc::new(SystemClock),
        };
        let engineer = global
            .engineer
            .clone()
            .or_else(|| config.engineer.clone())
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("LOGNAME").ok())
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty());
        Ok(Context {
            config,
            clock,
            engineer,
            db: global.db.clone(),
        })
    }

    /// The engineer's name; every change needs one for the audit trail.
    pub fn engineer(&self) -> anyhow::Result<&str> {
        match self.engineer.as_deref() {
            Some(e) if e.chars().any(char::is_control) => {
                bail!("engineer name contains control characters")
            }
            Some(e) => Ok(e),
            None => bail!(
                "who are you? set `engineer = \"name\"` in the config file, \
                 pass --engineer NAME, or set SREDESK_ENGINEER or USER"
            ),
        }
    }

    /// For the demo store only: a newcomer should see the board even on a
    /// machine that does not say who they are.
    pub fn engineer_or_demo(&self) -> anyhow::Result<&str> {
        match self.engineer {
            Some(_) => self.engineer(),
            None => Ok("demo-engineer"),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The store the user means: --db / SREDESK_DB, else the default file.
    pub fn store_path(&self) -> anyhow::Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => Ok(data_dir()?.join("sredesk.db")),
        }
    }

    pub fn demo_path(&self) -> anyhow::Result<(PathBuf, bool)> {
        match &self.db {
            Some(p) => Ok((p.clone(), true)),
            None => Ok((data_dir()?.join("demo.db"), false)),
        }
    }

    pub fn open_store(&self) -> anyhow::Result<Store> {
        let path = self.store_path()?;
        self.open_at(&path)
    }

    /// Opens a store with the desk's rules from the config.
    pub fn open_at(&self, path: &Path) -> anyhow::Result<Store> {
        let mut store = Store::open(path)?;
        store.set_rules(self.config.desk_rules());
        Ok(store)
    }

    /// Today in the desk's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        self.config.desk_rules().calendar.date(self.now())
    }
}

fn data_dir() -> anyhow::Result<PathBuf> {
    config::data_dir().context("cannot tell where your data directory is; pass --db PATH")
}

/// Runs a scripting command. The dashboard commands are handled by main.
pub fn run(ctx: &Context, command: &Command, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        Command::Board => unreachable!("the dashboard is started by main"),
        Command::Demo(args) => {
            let path = prepare_demo(ctx, args)?;
            writeln!(out, "demo store ready: {}", path.display())?;
            Ok(())
        }
        Command::Customer(c) => customer(ctx, c, out),
        Command::Ticket(t) => ticket(ctx, t, out),
        Command::Subscription(s) => subscription(ctx, s, out),
        Command::Package(p) => package(ctx, p, out),
        Command::Quota(q) => quota(ctx, q, out),
        Command::Requirement(r) => requirements::run(ctx, r, out),
        Command::Export(e) => deliverables::export(ctx, e, out),
        Command::Deliverable(d) => deliverables::deliverable(ctx, d, out),
        Command::Owner(o) => deliverables::owner(ctx, o, out),
        Command::Incident(c) => records::incident(ctx, c, out),
        Command::Change(c) => records::change(ctx, c, out),
        Command::Inventory(c) => records::inventory_cmd(ctx, c, out),
        Command::Contact(c) => records::contact(ctx, c, out),
        Command::Notice(c) => notices::notice(ctx, c, out),
        Command::Templates(c) => notices::templates_cmd(ctx, c, out),
    }
}

/// Writes a fresh demo store and returns where. The default demo file is
/// rebuilt each time (its clocks are relative to now); a file named with
/// --db must not hold escalations already, so real data is never mixed
/// with made-up data.
pub fn prepare_demo(ctx: &Context, args: &DemoArgs) -> anyhow::Result<PathBuf> {
    let (path, explicit) = ctx.demo_path()?;
    if !explicit {
        remove_store_files(&path)?;
    }
    let mut store = ctx.open_at(&path)?;
    let escalations = store.escalation_count()?;
    let customers = store.customers()?.len();
    if escalations > 0 || customers > 0 {
        bail!(
            "{} already holds {escalations} escalations and {customers} customers; demo data \
             goes into a new file (pass another --db, or none for the default demo store)",
            path.display()
        );
    }
    crate::demo::fill(
        &mut store,
        args.customers as usize,
        args.tickets,
        args.seed,
        ctx.now(),
    )?;
    Ok(path)
}

fn remove_store_files(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("removing old demo store {p:?}")),
        }
    }
    Ok(())
}

fn customer(ctx: &Context, c: &CustomerCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match c {
        CustomerCommand::Add { name, kind, owner } => {
            let engineer = ctx.engineer()?;
            let mut store = ctx.open_store()?;
            let added = store.add_customer(
                &NewCustomer {
                    name: name.clone(),
                    kind: *kind,
                    owner: owner.clone(),
                },
                Actor {
                    engineer,
                    now: ctx.now(),
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
            let detail = ctx.open_store()?.customer_detail(name, ctx.now())?;
            if *json {
                output::json_line(out, &detail)?;
            } else {
                output::customer_detail(
                    out,
                    &detail,
                    ctx.today(),
                    ctx.config.desk_rules().calendar.tz,
                )?;
            }
        }
        CustomerCommand::List { json } => {
            let customers = ctx.open_store()?.customers()?;
            if *json {
                output::json_line(out, &customers)?;
            } else {
                output::customer_table(out, &customers)?;
            }
        }
    }
    Ok(())
}

fn subscription(ctx: &Context, s: &SubscriptionCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let SubscriptionCommand::Add {
        customer,
        applied_on,
        start,
        months,
        webhook,
    } = s;
    let engineer = ctx.engineer()?;
    let mut store = ctx.open_store()?;
    let new = NewSubscription {
        applied_on: applied_on.unwrap_or_else(|| ctx.today()),
        start_on: *start,
        months: *months,
    };
    let actor = Actor {
        engineer,
        now: ctx.now(),
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

fn package(ctx: &Context, p: &PackageCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let PackageCommand::Add {
        customer,
        kind,
        bought_on,
    } = p;
    let engineer = ctx.engineer()?;
    let mut store = ctx.open_store()?;
    let actor = Actor {
        engineer,
        now: ctx.now(),
    };
    let bought_on = bought_on.unwrap_or_else(|| ctx.today());
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

fn quota(ctx: &Context, q: &QuotaCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let QuotaCommand::Show { customer, json } = q;
    let store = ctx.open_store()?;
    let mut rows = store.quota_board(ctx.now())?;
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

fn ticket(ctx: &Context, t: &TicketCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = ctx.now();
    match t {
        TicketCommand::Add(a) => {
            let engineer = ctx.engineer()?;
            let mut store = ctx.open_store()?;
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
                    e.deadline.format("%Y-%m-%d %H:%M:%S UTC")
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
            let store = ctx.open_store()?;
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
            let store = ctx.open_store()?;
            let e = store.escalation(*id)?;
            let history = store.escalation_history(*id)?;
            if *json {
                output::json_line(out, &output::TicketDetailJson::new(&e, &history, now))?;
            } else {
                output::ticket_detail(out, &e, &history, now)?;
            }
        }
        _ => {
            let (id, op) = triage_op(ctx, t)?;
            let engineer = ctx.engineer()?;
            let mut store = ctx.open_store()?;
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

fn triage_op(ctx: &Context, t: &TicketCommand) -> anyhow::Result<(i64, TriageOp)> {
    Ok(match t {
        TicketCommand::Ack { id } => (*id, TriageOp::Acknowledge),
        TicketCommand::Start { id } => (*id, TriageOp::Start),
        TicketCommand::Severity { id, severity } => (*id, TriageOp::SetSeverity(*severity)),
        TicketCommand::Assign { id, assignee } => {
            let who = match assignee {
                Some(e) => e.clone(),
                None => ctx.engineer()?.to_string(),
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
