//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::change::{ChangeKind, ChangeState};
use crate::domain::deliverable::{DeliverableKind, Period};
use crate::domain::incident::{IncidentKind, IncidentLevel, IncidentState};
use crate::domain::notice::Stage;
use crate::domain::quota::PackageKind;
use crate::domain::requirement::RequirementState;
use crate::domain::when::parse_instant;
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

impl GlobalArgs {
    pub fn options(&self) -> crate::desk::Options {
        crate::desk::Options {
            db: self.db.clone(),
            config: self.config.clone(),
            engineer: self.engineer.clone(),
        }
    }
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
    /// Security and network incidents (Enterprise Care Plan)
    #[command(subcommand)]
    Incident(IncidentCommand),
    /// Cloud platform changes: upgrades, maintenance, architecture adjustments
    #[command(subcommand)]
    Change(ChangeCommand),
    /// A customer's cloud services by region, which decide who a notice reaches
    #[command(subcommand)]
    Inventory(InventoryCommand),
    /// Where a customer's notices go: email, SMS, chat group
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Notices to customers about an incident or change, and their delivery
    #[command(subcommand)]
    Notice(NoticeCommand),
    /// The notice templates
    #[command(subcommand)]
    Templates(TemplatesCommand),
}

/// Times: RFC 3339, "YYYY-MM-DD HH:MM" in the desk's time zone, or from
/// now as "+90m", "+2h", "+1d".
const WHEN: &str = "TIME";

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Open an incident (it starts in monitoring)
    Add {
        #[arg(long)]
        title: String,
        /// os-vulnerability, third-party-vulnerability, virus-outbreak,
        /// hacker-attack, backbone-network-fault, other
        #[arg(long)]
        kind: IncidentKind,
        /// 1 (high risk), 2 (medium) or 3 (low)
        #[arg(long)]
        level: Option<IncidentLevel>,
        /// Affected services, comma-separated or repeated (none: all)
        #[arg(long = "service", value_name = "SERVICES")]
        services: Vec<String>,
        /// Affected regions, comma-separated or repeated (none: all)
        #[arg(long = "region", value_name = "REGIONS")]
        regions: Vec<String>,
        #[arg(long)]
        guidance: Option<String>,
        /// When customers get the next update (RFC 3339, desk time "YYYY-MM-DD HH:MM", or "+2h")
        #[arg(long, value_name = WHEN)]
        next_update: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change an incident's fields without moving it
    Edit {
        id: i64,
        #[command(flatten)]
        fields: IncidentFields,
        #[arg(long)]
        json: bool,
    },
    /// Move an incident to its next state, setting fields first
    /// (evaluated needs a level, guidance_ready the guidance, reviewed the
    /// lessons and improvements)
    Advance {
        id: i64,
        /// Only if it is still in this state
        #[arg(long, value_name = "STATE")]
        from: Option<IncidentState>,
        #[command(flatten)]
        fields: IncidentFields,
        #[arg(long)]
        json: bool,
    },
    /// Incidents, newest first (open ones unless --all)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// One incident with its history, audience and notices
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct IncidentFields {
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub level: Option<IncidentLevel>,
    /// Replaces the affected services
    #[arg(long = "service", value_name = "SERVICES")]
    pub services: Vec<String>,
    /// Replaces the affected regions
    #[arg(long = "region", value_name = "REGIONS")]
    pub regions: Vec<String>,
    #[arg(long)]
    pub guidance: Option<String>,
    #[arg(long, value_name = WHEN, conflicts_with = "no_next_update")]
    pub next_update: Option<String>,
    /// Clear the next update
    #[arg(long)]
    pub no_next_update: bool,
    /// Post-incident review: lessons learned
    #[arg(long)]
    pub lessons: Option<String>,
    /// Post-incident review: improvement suggestions
    #[arg(long)]
    pub improvements: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ChangeCommand {
    /// Plan a change (it starts in planned)
    Add {
        #[arg(long)]
        title: String,
        /// upgrade, maintenance, architecture-adjustment
        #[arg(long)]
        kind: ChangeKind,
        /// Window start
        #[arg(long, value_name = WHEN)]
        start: String,
        /// Window end
        #[arg(long, value_name = WHEN)]
        end: String,
        #[arg(long = "service", value_name = "SERVICES")]
        services: Vec<String>,
        #[arg(long = "region", value_name = "REGIONS")]
        regions: Vec<String>,
        #[command(flatten)]
        impact: ImpactArgs,
        #[arg(long)]
        guidance: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change a change's fields without moving it
    Edit {
        id: i64,
        #[command(flatten)]
        fields: ChangeFields,
        #[arg(long)]
        json: bool,
    },
    /// Move a change to its next state, setting fields first
    /// (impact_evaluated needs --impact, guidance_ready the guidance,
    /// followed_up the --follow-up)
    Advance {
        id: i64,
        #[arg(long, value_name = "STATE")]
        from: Option<ChangeState>,
        #[command(flatten)]
        fields: ChangeFields,
        #[arg(long)]
        json: bool,
    },
    /// Changes by window, latest first (not followed up unless --all)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// One change with its history, audience and notices
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// What customers will notice: availability, performance, data-access
    /// (comma-separated), or none
    #[arg(long, value_name = "EFFECTS")]
    pub impact: Option<String>,
    /// The effect stays within the service's SLA
    #[arg(long, requires = "impact", conflicts_with = "outside_sla")]
    pub within_sla: bool,
    /// The effect goes beyond the service's SLA
    #[arg(long, requires = "impact")]
    pub outside_sla: bool,
}

#[derive(Debug, Args)]
pub struct ChangeFields {
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long, value_name = WHEN, requires = "end")]
    pub start: Option<String>,
    #[arg(long, value_name = WHEN, requires = "start")]
    pub end: Option<String>,
    #[arg(long = "service", value_name = "SERVICES")]
    pub services: Vec<String>,
    #[arg(long = "region", value_name = "REGIONS")]
    pub regions: Vec<String>,
    #[command(flatten)]
    pub impact: ImpactArgs,
    #[arg(long)]
    pub guidance: Option<String>,
    /// The customer's confirmation and the change impact report
    #[arg(long)]
    pub follow_up: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// Add holdings: SERVICE@REGION, e.g. ECS@cn-north-4 "NAT Gateway@ap-southeast-1"
    Add {
        customer: String,
        #[arg(required = true, value_name = "SERVICE@REGION")]
        holdings: Vec<String>,
    },
    /// Remove holdings
    Remove {
        customer: String,
        #[arg(required = true, value_name = "SERVICE@REGION")]
        holdings: Vec<String>,
    },
    /// A customer's inventory
    Show {
        customer: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ContactAddress {
    #[arg(long)]
    pub email: Option<String>,
    /// Phone number in international form, e.g. +86 138 0000 0000
    #[arg(long)]
    pub sms: Option<String>,
    /// WeCom group robot webhook URL
    #[arg(long)]
    pub wecom: Option<String>,
    /// WeLink group robot webhook URL
    #[arg(long)]
    pub welink: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add one contact
    Add {
        customer: String,
        #[command(flatten)]
        address: ContactAddress,
    },
    /// Remove one contact
    Remove {
        customer: String,
        #[command(flatten)]
        address: ContactAddress,
    },
    /// A customer's contacts
    List {
        customer: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct NoticeAbout {
    #[arg(long, value_name = "ID")]
    pub incident: Option<i64>,
    #[arg(long, value_name = "ID")]
    pub change: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// Render a notice for the affected customers and queue it (one
    /// delivery per recipient and channel, in one transaction)
    Compose {
        #[command(flatten)]
        about: NoticeAbout,
        /// incident: initial, update, resolved, review;
        /// change: notice, in-progress, completed, follow-up
        #[arg(long)]
        stage: Stage,
        /// email, chat, sms (comma-separated)
        #[arg(long, default_value = "email,chat,sms")]
        channels: String,
        /// Only these customers (repeatable; default: the computed audience)
        #[arg(long = "customer", value_name = "NAME")]
        customers: Vec<String>,
        /// Add a customer to the computed audience (repeatable)
        #[arg(long = "also", value_name = "NAME", conflicts_with = "customers")]
        also: Vec<String>,
        /// Leave a customer out (repeatable)
        #[arg(long = "exclude", value_name = "NAME")]
        exclude: Vec<String>,
        /// A line of your own for this notice only
        #[arg(long, default_value = "")]
        message: String,
        /// Incidents: when customers get the next update
        #[arg(long, value_name = WHEN)]
        next_update: Option<String>,
        /// Show the audience and renderings, queue nothing
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Notices, newest first, with their delivery counts
    List {
        #[arg(long, value_name = "ID", conflicts_with = "change")]
        incident: Option<i64>,
        #[arg(long, value_name = "ID")]
        change: Option<i64>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// One notice: each recipient and channel with its delivery state
    Show {
        id: i64,
        /// Print each delivery's subject and body too
        #[arg(long)]
        bodies: bool,
        #[arg(long)]
        json: bool,
    },
    /// Drain the outbox once: send what is due, report what went and what failed
    SendPending {
        #[arg(long)]
        json: bool,
    },
    /// Queue a notice's failed and dead deliveries again
    Resend {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the shipped templates into DIR to edit them (point
    /// notify.templates_dir at it); existing files are kept
    Init { dir: PathBuf },
    /// Check the templates in use and render a sample of each
    Check,
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
    #[arg(long, value_parser = parse_instant)]
    pub reported_at: Option<chrono::DateTime<chrono::Utc>>,
    #[arg(long)]
    pub json: bool,
}
