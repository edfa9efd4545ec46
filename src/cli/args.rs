//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::deliverable::{DeliverableKind, Period};
use crate::domain::quota::PackageKind;
use crate::domain::requirement::RequirementState;
use crate::domain::{CustomerKind, EscalationKind, EscalationState, OutOfScopeReason, Severity};
use crate::export::Format;

#[derive(Debug, Parser)]
#[command(
    name = "sredesk",
    version,
    about = "Terminal dashboard for the on-duty engineers of a cloud support desk",
    long_about = "Terminal dashboard for the on-duty engineers of a cloud support desk.\n\n\
        With no command, opens the dashboard on your store. `sredesk demo` opens it on \
        generated demo data. The other commands script the same store.",
    after_help = "Environment: SREDESK_DB (store file), SREDESK_CONFIG (config file), \
        SREDESK_ENGINEER (your name for the audit trail), NO_COLOR (no colours), \
        SREDESK_NOW (RFC 3339: pretend it is this time; for tests and replays)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Store file (default: sredesk.db in your data directory)
    #[arg(long, global = true, env = "SREDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file (default: config.toml in your config directory, if any)
    #[arg(long, global = true, env = "SREDESK_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Your name in the audit trail (default: from config, else $USER)
    #[arg(long, global = true, env = "SREDESK_ENGINEER", value_name = "NAME")]
    pub engineer: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the dashboard (the default)
    Board,
    /// Fill a store with demo data and open the dashboard on it
    Demo(DemoArgs),
    /// Customers of the desk
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Escalations: add, list, show and triage
    #[command(subcommand)]
    Ticket(TicketCommand),
    /// Subscriptions (bought by month; opens the chat group)
    #[command(subcommand)]
    Subscription(SubscriptionCommand),
    /// Add-on packages (+10 ticket handling, +5 expert support)
    #[command(subcommand)]
    Package(PackageCommand),
    /// This month's quotas
    #[command(subcommand)]
    Quota(QuotaCommand),
    /// Customer requirements and their pipeline
    #[command(subcommand)]
    Requirement(RequirementCommand),
    /// Write a Customer Service Ticket List or Requirement List
    Export(ExportArgs),
    /// Acceptance of the deliverable lists by the customer
    #[command(subcommand)]
    Deliverable(DeliverableCommand),
    /// The desk's project owner for a customer, and announced changes
    #[command(subcommand)]
    Owner(OwnerCommand),
}

#[derive(Debug, Subcommand)]
pub enum RequirementCommand {
    /// Record a requirement (the customer needs more than three consecutive
    /// months of subscription)
    Add {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long)]
        json: bool,
    },
    /// List requirements
    List {
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        state: Option<RequirementState>,
        /// Only those the customer has not been notified of yet
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// One requirement with its history
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Move a requirement to its next state (reported_to_rnd advances to
    /// accepted; accepted and rejected advance to customer_notified)
    Advance {
        id: i64,
        /// Only if it is still in this state (a script's guard against a
        /// colleague having moved it meanwhile)
        #[arg(long, value_name = "STATE")]
        from: Option<RequirementState>,
        #[arg(long)]
        json: bool,
    },
    /// R&D rejected it (only from reported_to_rnd)
    Reject {
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the rollout plan pre-sales announced (only once accepted)
    Plan {
        id: i64,
        #[arg(long, value_parser = parse_day)]
        date: chrono::NaiveDate,
        #[arg(long)]
        note: String,
        #[arg(long)]
        json: bool,
    },
}

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
    /// csv, md or json
    #[arg(long)]
    pub format: Format,
    /// Write to this file instead of standard output (replaced whole)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
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

pub fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s)
}

#[derive(Debug, Subcommand)]
pub enum SubscriptionCommand {
    /// Record a subscription; the start must be at least one working day
    /// after the application
    Add {
        #[arg(long)]
        customer: String,
        /// When the customer applied (default: today)
        #[arg(long, value_parser = parse_day)]
        applied_on: Option<chrono::NaiveDate>,
        /// First day of service
        #[arg(long, value_parser = parse_day)]
        start: chrono::NaiveDate,
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=36))]
        months: u32,
        /// The chat group's robot webhook address
        #[arg(long)]
        webhook: Option<String>,
    },
}

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
    },
}

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

pub fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::domain::calendar::parse_date(s)
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many escalations to generate (a million takes seconds)
    #[arg(long, default_value_t = crate::demo::DEFAULT_TICKETS)]
    pub tickets: usize,
    /// How many customers
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub customers: u16,
    /// Seed for the generator: the same seed gives the same data
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Only write the store; do not open the dashboard
    #[arg(long)]
    pub no_open: bool,
}

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Add a customer
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        kind: CustomerKind,
        /// The customer's project owner (named contact)
        #[arg(long)]
        owner: Option<String>,
    },
    /// List customers
    List {
        #[arg(long)]
        json: bool,
    },
    /// One customer: subscriptions, chat group, packages, this month's quotas
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// Record a new escalation
    Add(TicketAddArgs),
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
    #[arg(long, value_parser = parse_time)]
    pub reported_at: Option<chrono::DateTime<chrono::Utc>>,
    #[arg(long)]
    pub json: bool,
}

pub fn parse_time(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| format!("'{s}' is not an RFC 3339 time such as 2026-11-22T09:30:00Z ({e})"))
}
