//! `sredesk subscription add`: a term of months, and the chat group it
//! opens.

use std::io::Write;

use clap::Subcommand;

use super::print::json_line;
use super::when::parse_day;
use crate::desk::Desk;
use crate::domain::subscription::NewSubscription;
use crate::store::Actor;
use crate::text::{inert, plural};

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
        /// Print what was recorded as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
}

pub fn run(desk: &Desk, s: &SubscriptionCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let SubscriptionCommand::Add {
        customer,
        applied_on,
        start,
        months,
        webhook,
        json,
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
    if *json {
        json_line(
            out,
            &serde_json::json!({ "subscription": sub, "chat_group": group }),
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "subscription #{} for {}: {} to {} ({}); chat group #{} on {} from {}",
        sub.id,
        inert(customer),
        sub.start_on,
        sub.end_on,
        plural(sub.months as usize, "month", "months"),
        group.id,
        group.platform.label(),
        group.created_on
    )?;
    Ok(())
}
