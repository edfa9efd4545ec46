//! The scripting CLI: the same store as the dashboard, driven by commands.
//! This file is the root of the command line (the parser, the options every
//! command takes, the list of commands) and hands each command to the file
//! of its family, where its arguments, handler and printing live together.

mod change_impacts;
mod changes;
mod contacts;
mod customers;
mod deliverables;
mod demo;
mod exit;
mod handover;
mod incidents;
mod inventory;
mod keys;
mod notices;
mod out_file;
mod owners;
mod packages;
mod print;
mod quotas;
mod record;
mod report;
mod requirements;
mod shell;
mod status;
mod store_copy;
mod subscriptions;
mod templates;
mod ticket_import;
mod ticket_report;
mod ticket_search;
mod ticket_show;
mod ticket_update;
mod tickets;
mod values;
mod when;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

pub use customers::CustomerCommand;
pub use deliverables::{DeliverableCommand, ExportArgs};
pub use demo::{DemoArgs, prepare_demo};
pub use owners::OwnerCommand;
pub use packages::PackageCommand;
pub use quotas::QuotaCommand;
pub use requirements::RequirementCommand;
pub use subscriptions::SubscriptionCommand;
pub use tickets::TicketCommand;

use changes::ChangeCommand;
use contacts::ContactCommand;
use incidents::IncidentCommand;
use inventory::InventoryCommand;
use notices::NoticeCommand;
use templates::TemplatesCommand;

use crate::desk::Desk;
pub use exit::{EXIT_DEAD, EXIT_RETRYING, Exit};

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
    /// Store file (default: sredesk.db in your data directory; for `demo`,
    /// demo.db there)
    #[arg(long, global = true, env = "SREDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file (default: config.toml in your config directory, if any)
    #[arg(long, global = true, env = "SREDESK_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Your name in the audit trail (default: from config, else $USER)
    #[arg(long, global = true, env = "SREDESK_ENGINEER", value_name = "NAME")]
    pub engineer: Option<String>,
    /// Open the store read-only (for wall displays and engineers off
    /// shift): every write is refused and the file is never written
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Make the store (and its directories) if there is none, for any
    /// command and the dashboard; without it only `customer add` and
    /// `demo` make one, so a mistyped path is said, not shown empty
    #[arg(long, global = true, conflicts_with = "read_only")]
    pub create: bool,
}

impl GlobalArgs {
    pub fn options(&self) -> crate::desk::Options {
        crate::desk::Options {
            db: self.db.clone(),
            config: self.config.clone(),
            engineer: self.engineer.clone(),
            read_only: self.read_only,
            create: self.create,
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
    /// What the next shift needs to know: came in, answered, breached,
    /// who holds what, waiting, notes, incidents, notices, quotas
    Handover(handover::HandoverArgs),
    /// One line for a status bar: breached, due, awaiting; exits 2 while
    /// anything is breached
    Status(status::StatusArgs),
    /// The store itself: `store copy --to postgres://…` moves a desk to
    /// PostgreSQL
    #[command(subcommand)]
    Store(store_copy::StoreCommand),
    /// Reports over past periods: `report trends`
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Print a completion script for bash, zsh, fish, elvish or PowerShell
    Completions(shell::CompletionsArgs),
    /// Every action of every screen, with its keys (and the config words
    /// that rebind them)
    Keys,
    /// Print the manual page, sredesk(1), as roff (`sredesk man | man -l -`)
    Man(shell::ManArgs),
}

impl Command {
    /// Runs a command that needs neither config nor store (completions,
    /// the manual); `None` for every other, so a broken config file does
    /// not stop a shell from loading its completions.
    pub fn run_without_desk(&self, out: &mut dyn Write) -> Option<anyhow::Result<()>> {
        match self {
            Command::Completions(a) => Some(shell::completions(a, Cli::command(), out)),
            Command::Man(a) => Some(shell::man(a, Cli::command(), out)),
            _ => None,
        }
    }
}

/// Runs a scripting command. The dashboard commands are handled by main.
pub fn run(desk: &Desk, command: &Command, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        Command::Board => unreachable!("the dashboard is started by main"),
        Command::Completions(a) => shell::completions(a, Cli::command(), out),
        Command::Man(a) => shell::man(a, Cli::command(), out),
        Command::Demo(args) => demo::run(desk, args, out),
        Command::Customer(c) => customers::run(desk, c, out),
        Command::Ticket(t) => tickets::run(desk, t, out),
        Command::Subscription(s) => subscriptions::run(desk, s, out),
        Command::Package(p) => packages::run(desk, p, out),
        Command::Quota(q) => quotas::run(desk, q, out),
        Command::Requirement(r) => requirements::run(desk, r, out),
        Command::Export(e) => deliverables::export(desk, e, out),
        Command::Deliverable(d) => deliverables::run(desk, d, out),
        Command::Owner(o) => owners::run(desk, o, out),
        Command::Incident(c) => incidents::run(desk, c, out),
        Command::Change(c) => changes::run(desk, c, out),
        Command::Inventory(c) => inventory::run(desk, c, out),
        Command::Contact(c) => contacts::run(desk, c, out),
        Command::Notice(c) => notices::run(desk, c, out),
        Command::Templates(c) => templates::run(desk, c, out),
        Command::Status(a) => status::run(desk, a, out),
        Command::Handover(a) => handover::run(desk, a, out),
        Command::Report(r) => report::run(desk, r, out),
        Command::Store(c) => store_copy::run(desk, c, out),
        Command::Keys => keys::run(desk, out),
    }
}
